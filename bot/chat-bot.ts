import crypto from "node:crypto";
import type { ConversationAccount } from "botbuilder-core";
import { Botkit, type BotkitMessage, type BotWorker } from "botkit";
import type { ChatAction } from "../db/schema/conversations";
import type { DeliveredMessage } from "../domain/conversations/conversations";
import type { BotState } from "../domain/conversations/bot-state";
import { readBotState, writeBotState } from "../domain/conversations/bot-state";
import { withBotTurnLease } from "../domain/conversations/bot-turn-lease";
import { postReply } from "../domain/conversations/conversations";
import type { Language } from "../domain/conversations/language";
import type { ChatParticipant } from "../domain/conversations/participants";
import type { DomainContext } from "../domain/context";
import { isAppError } from "../domain/errors";
import { answer } from "./answer";
import { ChatAdapter } from "./botkit/chat-adapter";
import { normalizeDialog, TurnStorage, type TurnState } from "./botkit/turn-storage";
import { addDialogs, NO_AGENT_EVENT, type BotServices } from "./dialogs";

/** A message the bot is to answer: stored already, with the conversation's state read alongside. */
export interface BotTurn {
  conversationId: string;
  participant: ChatParticipant;
  question: DeliveredMessage;
  language: Language;
  botState: BotState;
}

/** What the bot's messages and handoffs need from the server: delivery to the sockets. */
export interface BotDeps {
  ctx: DomainContext;
  /** A stored bot message, to deliver to the conversation. */
  publish(message: DeliveredMessage): void;
  /** Hands the conversation to the agents' queue (and tells both sides); says whether anyone is online. */
  handOff(conversationId: string): Promise<{ noAgent: boolean }>;
  /**
   * Whatever a turn runs into. Botkit runs handlers in callbacks whose failures nobody awaits,
   * so the bot catches them all and reports them here instead of letting them escape.
   */
  onError(error: unknown): void;
}

/** What the server-built activity carries for the handlers: who is asking, in which language. */
export interface TurnFacts {
  conversationId: string;
  participant: ChatParticipant;
  language: Language;
}

const CHANNEL = "trustline";

function storedState(state: TurnState): BotState {
  const kept = { ...(state.dialog ? { dialog: state.dialog } : {}), ...(state.misses ? { misses: state.misses } : {}) };
  return Object.keys(kept).length > 0 ? kept : null;
}

function turnState(conversationId: string, stored: BotState): TurnState {
  return {
    conversationId,
    dialog: normalizeDialog(stored?.dialog as Record<string, unknown> | undefined),
    misses: typeof stored?.misses === "number" ? stored.misses : 0,
  };
}

/**
 * The chat bot: Botkit driven by our own adapter (no web server of its own), with its dialog
 * state in the conversation row. One turn at a time per conversation in this process, and in a
 * running dialog across instances too (the turn lease); a turn queued behind another reads the
 * state its predecessor left.
 */
export function createChatBot(deps: BotDeps) {
  const storage = new TurnStorage();
  const adapter = new ChatAdapter(async (context, message) => {
    const facts = context.activity.channelData.turn as TurnFacts;
    const index = (context.turnState.get("sent") as number | undefined) ?? 0;
    context.turnState.set("sent", index + 1);
    try {
      const stored = await postReply(deps.ctx, {
        conversationId: facts.conversationId,
        // Tied to the question: answering the same message again stores nothing new.
        clientId: `bot-${context.activity.id}-${index}`,
        sender: "bot",
        text: message.text,
        actions: message.actions,
      });
      if (!stored.duplicate) deps.publish(stored.message);
      return stored.message.id;
    } catch (error) {
      // The chat ended while the bot was answering: the answer has no one to go to.
      if (!(isAppError(error) && error.code === "NOT_FOUND")) deps.onError(error);
      return "";
    }
  });
  const controller = new Botkit({ adapter, storage, disable_webserver: true, disable_console: true });

  const services: BotServices = {
    ctx: deps.ctx,
    handOff: deps.handOff,
    onError: deps.onError,
    answer: (text) => answer(text, deps.ctx.knowledge.current()),
    misses: () => storage.current().misses,
    setMisses: (n) => {
      storage.current().misses = n;
    },
  };
  addDialogs(controller, services);

  const queues = new Map<string, Promise<void>>();

  async function runTurn(turn: Turn, known: boolean): Promise<void> {
    const stored = known && turn.question ? { botState: turn.botState, language: turn.language } : await readBotState(deps.ctx, turn.conversationId);
    const before = stored.botState;
    const state = turnState(turn.conversationId, before);
    // A dialog running takes the customer's next message, not a button of the server's: it goes on.
    if (turn.event && state.dialog) return;
    const facts: TurnFacts = { conversationId: turn.conversationId, participant: turn.participant, language: turn.language ?? stored.language };
    const sender = turn.participant.kind === "customer" ? `customer:${turn.participant.userId}` : `visitor:${turn.participant.visitorId}`;
    await storage.run(state, () =>
      adapter.processTurn(
        {
          ...(turn.question
            ? { type: "message", id: turn.question.id, text: turn.question.text }
            : { type: "event", id: `${turn.event}-${crypto.randomUUID()}`, name: turn.event }),
          channelId: CHANNEL,
          // Only the id: Botkit keys the dialog state on every field of it.
          conversation: { id: turn.conversationId } as ConversationAccount,
          from: { id: sender, name: "" },
          recipient: { id: "bot", name: "" },
          channelData: { turn: facts, ...(turn.event ? { botkitEventType: turn.event } : {}) },
        },
        (context) => controller.handleTurn(context),
      ),
    );
    const after = storedState(state);
    if (JSON.stringify(after) !== JSON.stringify(storedState(turnState(turn.conversationId, before)))) {
      await writeBotState(deps.ctx, turn.conversationId, after);
    }
  }

  /** Turns of one conversation run one after another. */
  function enqueue(turn: Turn): Promise<void> {
    const previous = queues.get(turn.conversationId);
    // A dialog running when the message was stored: its turns may also reach another instance
    // (a second tab), so they take the conversation's lease and read the state afresh under it.
    // A plain question (no dialog) needs neither and costs no query.
    const inDialog = turn.question !== undefined && turn.botState !== null;
    const next = (previous ?? Promise.resolve()).then(() =>
      inDialog ? withBotTurnLease(deps.ctx, turn.conversationId, () => runTurn(turn, false)) : runTurn(turn, !previous),
    );
    const settled = next.catch(() => {});
    queues.set(turn.conversationId, settled);
    void settled.then(() => {
      if (queues.get(turn.conversationId) === settled) queues.delete(turn.conversationId);
    });
    return next;
  }

  const run = (turn: Turn) => enqueue(turn).catch(deps.onError);
  return {
    /** Answers one stored message. */
    handle: (turn: BotTurn) => run(turn),
    /** The customer asked for a person and nobody is online: the bot says so and offers to take a message. */
    noAgentOnline: (input: { conversationId: string; participant: ChatParticipant }) => run({ ...input, event: NO_AGENT_EVENT }),
    /** Resolves once every turn asked for, including those queued meanwhile, is done (shutdown). */
    async settled() {
      while (queues.size > 0) await Promise.all(queues.values());
    },
  };
}

/** A turn: a stored message to answer, or an event of the server's. */
type Turn = { conversationId: string; participant: ChatParticipant } & (
  | { question: DeliveredMessage; botState: BotState; language: Language; event?: undefined }
  | { event: string; question?: undefined; botState?: undefined; language?: undefined }
);


/** The facts of the turn a handler runs in (set by the server, never from the client). */
export function factsOf(message: BotkitMessage): TurnFacts {
  return (message.incoming_message.channelData as { turn: TurnFacts }).turn;
}

/** A bot message with buttons. */
export function reply(bot: BotWorker, message: BotkitMessage, text: string, actions: ChatAction[] = []) {
  return bot.reply(message, { text, channelData: { actions } });
}
