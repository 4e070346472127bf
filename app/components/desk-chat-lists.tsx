import type { Translate } from "../i18n";
import { formatTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import type { MaskedCustomer, QueuedChat } from "../../domain/conversations/find-chat-queue";
import type { DeskChatClient, DeskSnapshot } from "./desk-chat-client";

/** The customer as the desk names them: name and masked mobile, or "visitor". */
export function customerLabel(t: Translate, customer: MaskedCustomer): string {
  return customer ? `${customer.name} ${customer.mobile}`.trim() : t("desk_chat.visitor");
}

/** The queue of waiting chats (oldest first) and the agent's own. */
export function DeskChatLists({ client, desk }: { client: DeskChatClient; desk: DeskSnapshot }) {
  const t = useT();
  const locale = useLocale();
  const entry = (chat: QueuedChat) => (
    <>
      <span className="desk-chat-who">{customerLabel(t, chat.customer)}</span>{" "}
      <span className="hint">
        {t(`desk_chat.language.${chat.language}`)}
        {chat.queuedAt ? ` · ${t("desk_chat.queued_at", { time: formatTime(chat.queuedAt, locale) })}` : null}
      </span>
    </>
  );
  return (
    <div className="desk-chat-lists">
      <section className="card" aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t("desk_chat.waiting_title", { count: desk.waiting.length })}</h2>
        {desk.waiting.length === 0 ? <p className="hint">{t("desk_chat.waiting_empty")}</p> : null}
        <ul className="desk-chat-list">
          {desk.waiting.map((chat) => (
            <li key={chat.conversationId}>
              <p>{entry(chat)}</p>
              <button type="button" className="button" onClick={() => void client.claim(chat.conversationId)}>
                {t("desk_chat.claim")}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="mine-title">
        <h2 id="mine-title">{t("desk_chat.mine_title", { count: desk.mine.length, max: desk.maxChats })}</h2>
        {desk.mine.length === 0 ? <p className="hint">{t("desk_chat.mine_empty")}</p> : null}
        <ul className="desk-chat-list">
          {desk.mine.map((chat) => {
            const unread = desk.unread[chat.conversationId] ?? 0;
            return (
              <li key={chat.conversationId}>
                <button
                  type="button"
                  className="desk-chat-pick"
                  aria-current={desk.selected === chat.conversationId ? "true" : undefined}
                  onClick={() => void client.select(chat.conversationId)}
                >
                  {entry(chat)}
                  {unread > 0 ? <span className="status">{t("desk_chat.unread", { count: unread })}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
