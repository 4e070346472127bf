import { BotkitConversation, type Botkit, type BotkitDialogWrapper, type BotkitMessage, type BotWorker } from "botkit";
import type { ChatAction } from "../db/schema/conversations";
import type { DomainContext } from "../domain/context";
import type { Language } from "../domain/conversations/language";
import { fileChatComplaint } from "../domain/complaints/file-chat-complaint";
import { submitChatRequest } from "../domain/conversations/submit-chat-request";
import { findCustomerRequests } from "../domain/service-requests/find-requests";
import { isUndecided } from "../domain/service-requests/request-lifecycle";
import type { SubmittableType } from "../domain/service-requests/request-schemas";
import { requestTypeLabel } from "../emails/templates";
import type { BotAnswer } from "./answer";
import { factsOf, reply, type TurnFacts } from "./chat-bot";
import { BUSINESS_LINE_LABELS, CATEGORY_LABELS, say, STATUS_LABELS, TEXT } from "./texts";

export interface BotServices {
  ctx: DomainContext;
  handOff(conversationId: string): Promise<{ noAgent: boolean }>;
  onError(error: unknown): void;
  answer(text: string): BotAnswer;
  /** Answers in a row the bot was unsure of, kept with the conversation. */
  misses(): number;
  setMisses(count: number): void;
}

const COMPLAINT = "complaint";
const LEAVE_MESSAGE = "leave_message";
/** The event a turn carries when the customer pressed "talk to a person" and nobody is online. */
export const NO_AGENT_EVENT = "no_agent";

// Intents whose answer leads to a portal form.
const FORMS: Partial<Record<BotAnswer["intent"], SubmittableType>> = {
  account_opening: "account_opening",
  loan_application: "loan",
  large_transfer: "transfer",
  update_info: "info_update",
};

const ACCEPTANCE_NUMBER = /TL\d{14}/i;
const locale = (language: Language) => (language === "zh" ? "zh-CN" : "en");
const handoffAction = (language: Language): ChatAction => ({ kind: "handoff", label: say(TEXT.handoff, language) });
/**
 * A link to a request form. A customer's carries only the id of the question it answers: the
 * form reads what it can start with from the chat (`formPrefillFromChat`), so nothing the
 * customer typed goes in an address. A visitor signs in first and starts the form empty.
 */
const formAction = (facts: TurnFacts, type: SubmittableType, message: BotkitMessage, label = TEXT.startForm): ChatAction =>
  facts.participant.kind === "customer"
    ? { kind: "link", label: say(label, facts.language), href: `/portal/requests/new/${type}?from=${encodeURIComponent(message.incoming_message.id ?? "")}` }
    : { kind: "link", label: say(TEXT.signInToApply, facts.language), href: `/login?redirectTo=${encodeURIComponent(`/portal/requests/new/${type}`)}` };
const signInAction = (language: Language): ChatAction => ({ kind: "link", label: say(TEXT.signIn, language), href: "/login?redirectTo=%2Fportal" });

/** Request status: only the signed-in customer's own requests, by number or all still open. */
async function tellRequestStatus(bot: BotWorker, message: BotkitMessage, s: BotServices) {
  const facts = factsOf(message);
  const { language, participant } = facts;
  if (participant.kind !== "customer") {
    return reply(bot, message, say(TEXT.signInForStatus, language), [signInAction(language), { kind: "link", label: say(TEXT.track, language), href: "/track" }]);
  }
  const named = ACCEPTANCE_NUMBER.exec(message.text ?? "")?.[0]?.toUpperCase();
  const requests = await findCustomerRequests(s.ctx, { customerId: participant.userId, limit: 100 });
  const shown = named ? requests.filter((r) => r.number === named) : requests.filter((r) => isUndecided(r.status) || r.status === "in_approval").slice(0, 5);
  if (shown.length === 0) return reply(bot, message, say(named ? TEXT.requestNotYours : TEXT.noOpenRequests, language));
  const lines = shown.map((r) =>
    say(TEXT.requestLine, language, {
      number: r.number,
      type: requestTypeLabel(r.type, locale(language)),
      status: STATUS_LABELS[r.status][language],
      due: r.dueAt && isUndecided(r.status) ? say(TEXT.dueBy, language, { date: r.dueAt.toISOString().slice(0, 10) }) : "",
    }),
  );
  const header = named ? [] : [say(TEXT.openRequests, language)];
  return reply(
    bot,
    message,
    [...header, ...lines].join("\n"),
    shown.map((r) => ({ kind: "link", label: say(TEXT.openRequest, language, { number: r.number }), href: `/portal/requests/${r.number}` })),
  );
}

/** Nobody online: a customer may leave a message (it becomes a request); a visitor is told when to come back. */
async function offerMessage(bot: BotWorker, message: BotkitMessage) {
  const { language, participant } = factsOf(message);
  if (participant.kind !== "customer") return reply(bot, message, say(TEXT.noAgentVisitor, language), [signInAction(language)]);
  return bot.beginDialog(LEAVE_MESSAGE, { language });
}

async function handOff(bot: BotWorker, message: BotkitMessage, s: BotServices) {
  const { noAgent } = await s.handOff(factsOf(message).conversationId);
  if (noAgent) await offerMessage(bot, message);
}

/** Any message no dialog is waiting for: an approved answer, a dialog, or "not sure" with topics. */
async function respond(bot: BotWorker, message: BotkitMessage, s: BotServices) {
  const facts = factsOf(message);
  const { language } = facts;
  const result = s.answer(message.text ?? "");
  if (result.kind !== "answer") {
    const misses = s.misses() + 1;
    // Two misses in a row: stop guessing and offer a person.
    if (misses >= 2) {
      s.setMisses(0);
      return reply(bot, message, say(TEXT.twoMisses, language), [handoffAction(language)]);
    }
    s.setMisses(misses);
    const topics: ChatAction[] = result.suggestions.map((t) => ({ kind: "reply", label: t.title, text: t.title }));
    // A bank question with no approved answer can also go in writing, the question already filled in.
    const inWriting = result.kind === "agent_only" ? [formAction(facts, "inquiry", message, TEXT.askInWriting)] : [];
    return reply(bot, message, result.reply, [...topics, ...inWriting, handoffAction(language)]);
  }
  s.setMisses(0);
  switch (result.intent) {
    case "request_status":
      return tellRequestStatus(bot, message, s);
    case "human_agent":
      return handOff(bot, message, s);
    case "file_complaint":
      if (facts.participant.kind === "customer") return bot.beginDialog(COMPLAINT, { language });
      return reply(bot, message, say(TEXT.signInToComplain, language), [signInAction(language), handoffAction(language)]);
  }
  const form = FORMS[result.intent];
  return reply(bot, message, result.reply, form ? [formAction(facts, form, message)] : []);
}

/** A handler whose failure is reported, not thrown into Botkit's unawaited callbacks. */
function guarded<A extends unknown[]>(s: BotServices, handler: (...args: A) => Promise<unknown>) {
  return async (...args: A): Promise<void> => {
    try {
      await handler(...args);
    } catch (error) {
      s.onError(error);
    }
  };
}

const isCancel = (text: string) => /^\s*(取消|cancel|stop|算了)\s*$/i.test(text);
const isYes = (text: string, language: Language) =>
  [say(TEXT.yes, language), say(TEXT.submit, language)].includes(text.trim()) || /^\s*(yes|y|ok|好|是|要|可以|确认)/i.test(text);

// `answer` is empty for a turn that is not a message (a button of the server's).
const stopOnCancel = async (answer: string | undefined, convo: BotkitDialogWrapper) => {
  if (isCancel(answer ?? "")) {
    convo.setVar("cancelled", true);
    await convo.stop();
  }
};
const stopUnlessYes = async (answer: string | undefined, convo: BotkitDialogWrapper) => {
  if (!isYes(answer ?? "", convo.vars.language as Language)) {
    convo.setVar("cancelled", true);
    await convo.stop();
  }
};

/** The customer leaves a message for the bank: it becomes an enquiry with an acceptance number. */
function leaveMessageDialog(controller: Botkit, s: BotServices) {
  const dialog = new BotkitConversation(LEAVE_MESSAGE, controller);
  dialog.ask(
    {
      text: (_t: unknown, vars: { language: Language }) => say(TEXT.noAgentCustomer, vars.language),
      quick_replies: (_t: unknown, vars: { language: Language }) => [
        { title: say(TEXT.yes, vars.language), payload: say(TEXT.yes, vars.language) },
        { title: say(TEXT.no, vars.language), payload: say(TEXT.no, vars.language) },
      ],
    },
    stopUnlessYes,
    "wants",
  );
  dialog.ask({ text: (_t: unknown, vars: { language: Language }) => say(TEXT.askMessage, vars.language) }, stopOnCancel, "message");
  dialog.after(guarded(s, async (results: { language: Language; message?: string; cancelled?: boolean }, bot: BotWorker) => {
    if (results.cancelled || !results.message) return bot.say(say(TEXT.cancelled, results.language));
    const facts = factsOf(bot.getConfig("context").turnState.get("botkitMessage") as BotkitMessage);
    if (facts.participant.kind !== "customer") return;
    const { number } = await submitChatRequest(s.ctx, {
      customerId: facts.participant.userId,
      subject: say(TEXT.messageSubject, results.language),
      message: results.message,
    });
    await bot.say({ text: say(TEXT.messageRecorded, results.language, { number }), channelData: { actions: [{ kind: "link", label: say(TEXT.openRequest, results.language, { number }), href: `/portal/requests/${number}` }] } });
  }));
  return dialog;
}

type Labelled<K extends string> = Record<K, Record<Language, string>>;

/** The option whose label (in either language) the customer picked or typed; "other" for anything else. */
function optionOf<K extends string>(labels: Labelled<K>, answer: string | undefined): K {
  const text = (answer ?? "").trim().toLowerCase();
  const keys = Object.keys(labels) as K[];
  return keys.find((k) => labels[k].zh === text || labels[k].en.toLowerCase() === text) ?? ("other" as K);
}

const buttons = <K extends string>(labels: Labelled<K>) => (_t: unknown, vars: { language: Language }) =>
  (Object.keys(labels) as K[]).map((k) => ({ title: labels[k][vars.language], payload: labels[k][vars.language] }));

/**
 * A complaint taken down turn by turn and filed once the customer confirms: the same case as
 * one from the portal, with this conversation attached.
 */
function complaintDialog(controller: Botkit, s: BotServices) {
  const dialog = new BotkitConversation(COMPLAINT, controller);
  type Vars = { language: Language; category?: string; line?: string; what?: string; when?: string; want?: string; confirmed?: string; cancelled?: boolean };
  const question = (lines: Record<Language, string>) => (_t: unknown, vars: Vars) => say(lines, vars.language);
  dialog.ask({ text: question(TEXT.askCategory), quick_replies: buttons(CATEGORY_LABELS) }, stopOnCancel, "category");
  dialog.ask({ text: question(TEXT.askLine), quick_replies: buttons(BUSINESS_LINE_LABELS) }, stopOnCancel, "line");
  dialog.ask({ text: question(TEXT.askWhat) }, stopOnCancel, "what");
  dialog.ask({ text: question(TEXT.askWhen) }, stopOnCancel, "when");
  dialog.ask({ text: question(TEXT.askWant) }, stopOnCancel, "want");
  dialog.ask(
    {
      text: (_t: unknown, vars: Vars) =>
        say(TEXT.confirmComplaint, vars.language, {
          category: CATEGORY_LABELS[optionOf(CATEGORY_LABELS, vars.category)][vars.language],
          line: BUSINESS_LINE_LABELS[optionOf(BUSINESS_LINE_LABELS, vars.line)][vars.language],
          what: vars.what ?? "",
          when: vars.when ?? "",
          want: vars.want ?? "",
        }),
      quick_replies: (_t: unknown, vars: Vars) => [
        { title: say(TEXT.submit, vars.language), payload: say(TEXT.submit, vars.language) },
        { title: say(TEXT.cancelWords, vars.language), payload: say(TEXT.cancelWords, vars.language) },
      ],
    },
    stopUnlessYes,
    "confirmed",
  );
  dialog.after(guarded(s, async (results: Vars, bot: BotWorker) => {
    const { language } = results;
    if (results.cancelled) return bot.say(say(TEXT.cancelled, language));
    const facts = factsOf(bot.getConfig("context").turnState.get("botkitMessage") as BotkitMessage);
    if (facts.participant.kind !== "customer") return;
    const { number } = await fileChatComplaint(s.ctx, {
      customerId: facts.participant.userId,
      conversationId: facts.conversationId,
      details: {
        category: optionOf(CATEGORY_LABELS, results.category),
        businessLine: optionOf(BUSINESS_LINE_LABELS, results.line),
        whatHappened: (results.what ?? "").slice(0, 4000),
        whenHappened: (results.when ?? "").slice(0, 100),
        request: (results.want ?? "").slice(0, 2000),
      },
    });
    await bot.say({
      text: say(TEXT.complaintRecorded, language, { number }),
      channelData: { actions: [{ kind: "link", label: say(TEXT.openRequest, language, { number }), href: `/portal/complaints/${number}` }, handoffAction(language)] },
    });
  }));
  return dialog;
}

export function addDialogs(controller: Botkit, s: BotServices) {
  controller.addDialog(leaveMessageDialog(controller, s));
  controller.addDialog(complaintDialog(controller, s));
  controller.on("message", guarded(s, (bot: BotWorker, message: BotkitMessage) => respond(bot, message, s)));
  controller.on(NO_AGENT_EVENT, guarded(s, (bot: BotWorker, message: BotkitMessage) => offerMessage(bot, message)));
}
