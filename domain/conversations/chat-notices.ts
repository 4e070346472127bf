import type { Language } from "./language";

/**
 * What the conversation itself says when it changes hands, stored as system messages in the
 * language the customer last wrote in (the transcript is the same for every reader).
 */
const NOTICES = {
  queued: { zh: "已为您转接人工客服，请稍候，客服人员马上就来。", en: "You are in the queue for a person. An agent will join shortly." },
  joined: { zh: "客服 {name} 已加入对话。", en: "{name} has joined the chat." },
  unattended: { zh: "抱歉，现在没有可以接待您的人工客服。", en: "Sorry, no agent is available to take your chat right now." },
  closed: { zh: "本次对话已结束。欢迎您为本次服务评分。", en: "This chat has ended. Please rate the service you received." },
} satisfies Record<string, Record<Language, string>>;

export function notice(key: keyof typeof NOTICES, language: Language, params: Record<string, string> = {}): string {
  return NOTICES[key][language].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}
