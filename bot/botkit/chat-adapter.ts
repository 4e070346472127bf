import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from "botbuilder-core";
import type { ChatAction } from "../../db/schema/conversations";

/** One message of the bot, as it is stored and shown: text and buttons. */
export interface BotMessage {
  text: string;
  actions: ChatAction[];
}

/** Where the bot's messages of a turn go: stored and delivered by the caller, in order. */
export type SendBotMessage = (context: TurnContext, message: BotMessage) => Promise<string>;

/** Buttons from Botkit's quick replies (dialog questions) or our own `channelData.actions`. */
function actionsOf(activity: Partial<Activity>): ChatAction[] {
  const data = (activity.channelData ?? {}) as { actions?: ChatAction[]; quick_replies?: { title: string; payload: string }[] };
  if (data.actions) return data.actions;
  return (data.quick_replies ?? []).map((reply) => ({ kind: "reply", label: reply.title, text: reply.payload }));
}

/**
 * Botkit's adapter to our chat: turns come in from the socket layer (never from an HTTP webhook
 * of Botkit's own), and the bot's messages go out through `send`, which stores them before
 * anyone sees them. Nothing here trusts the client: the activity is built by the server.
 */
export class ChatAdapter extends BotAdapter {
  readonly name = "trustline-chat";

  constructor(private readonly send: SendBotMessage) {
    super();
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const sent: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type !== "message" || !activity.text) continue;
      sent.push({ id: await this.send(context, { text: activity.text, actions: actionsOf(activity) }) });
    }
    return sent;
  }

  /** Runs one turn of the bot on a message the server has already stored. */
  processTurn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }

  updateActivity(): Promise<void> {
    throw new Error("chat messages are never edited");
  }

  deleteActivity(): Promise<void> {
    throw new Error("chat messages are never deleted");
  }

  continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error("the bot speaks only when spoken to");
  }
}
