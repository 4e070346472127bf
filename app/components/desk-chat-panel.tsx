import { Link } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { MessageKey } from "../i18n";
import { formatDateTime, formatTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import type { DeliveredMessage } from "../../domain/conversations/conversations";
import type { ChatAgent, ChatContext, DeskChatClient, DeskSnapshot } from "./desk-chat-client";
import { customerLabel } from "./desk-chat-lists";

const MAX_TEXT = 2000;

export interface CannedReply {
  id: string;
  title: string;
  textZh: string;
  textEn: string;
}

/** One chat: who the customer is, the transcript with internal notes, and what the agent can do. */
export function DeskChatPanel({
  client,
  desk,
  context,
  canned,
  meId,
}: {
  client: DeskChatClient;
  desk: DeskSnapshot;
  context: ChatContext;
  canned: CannedReply[];
  meId: string;
}) {
  const t = useT();
  const id = context.conversationId;
  const mine = context.status === "active" && context.agentId === meId;
  const pending = desk.pending.filter((p) => p.conversationId === id);
  return (
    <article className="card desk-chat-panel" aria-labelledby="chat-title">
      <h2 id="chat-title">
        {customerLabel(t, context.customer)} <span className="status">{t(`desk_chat.status.${context.status}`)}</span>
      </h2>
      <CustomerContext context={context} />
      <Transcript messages={desk.transcripts[id] ?? []} pending={pending} customer={context.customer ? context.customer.name : t("desk_chat.visitor")} />
      {desk.customerTyping[id] ? <p className="chat-typing">{t("desk_chat.customer_typing")}</p> : null}
      {context.status === "closed" ? <p className="notice">{t("desk_chat.closed")}</p> : null}
      {mine ? (
        <>
          <ReplyBox client={client} context={context} canned={canned} />
          <div className="desk-chat-tools">
            <Transfer client={client} conversationId={id} meId={meId} />
            <button type="button" className="button secondary" onClick={() => void client.close(id)}>
              {t("desk_chat.close")}
            </button>
          </div>
        </>
      ) : null}
    </article>
  );
}

function CustomerContext({ context }: { context: ChatContext }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="desk-chat-context" aria-labelledby="context-title">
      <h3 id="context-title">{t("desk_chat.context")}</h3>
      {context.customer ? (
        <dl className="facts">
          <dt>{t("desk.customer")}</dt>
          <dd>{context.customer.name}</dd>
          <dt>{t("desk_chat.mobile")}</dt>
          <dd>{context.customer.mobile}</dd>
        </dl>
      ) : (
        <p className="hint">{t("desk_chat.visitor_context")}</p>
      )}
      {context.customer ? (
        <>
          <h4>{t("desk_chat.open_requests")}</h4>
          {context.requests.length === 0 ? <p className="hint">{t("desk_chat.no_requests")}</p> : null}
          <ul>
            {context.requests.map((r) => (
              <li key={r.number}>
                <Link to={`/desk/requests/${r.number}`}>{r.number}</Link> {t(`request.type.${r.type}` as MessageKey)} ·{" "}
                {t(`request.status.${r.status}` as MessageKey)}
                {r.dueAt ? ` · ${t("desk_chat.due", { time: formatDateTime(r.dueAt, locale) })}` : null}
              </li>
            ))}
          </ul>
          <h4>{t("desk_chat.open_complaints")}</h4>
          {context.complaints.length === 0 ? <p className="hint">{t("desk_chat.no_complaints")}</p> : null}
          <ul>
            {context.complaints.map((c) => (
              <li key={c.number}>
                {c.number} {t(`complaint.category.${c.category}` as MessageKey)} · {t("desk_chat.decision_due", { time: formatDateTime(c.dueAt, locale) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** A chat as the desk reads it, internal notes marked: live beside the reply box, or a complaint's record. */
export function Transcript({ messages, pending, customer }: { messages: DeliveredMessage[]; pending: { clientId: string; text: string }[]; customer: string }) {
  const t = useT();
  const locale = useLocale();
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages.length, pending.length]);
  const sender = (m: DeliveredMessage) =>
    m.sender === "customer" ? customer : m.sender === "visitor" ? t("desk_chat.visitor") : m.sender === "agent" ? (m.senderName ?? t("desk_chat.sender.agent")) : t(`desk_chat.sender.${m.sender}`);
  return (
    // Focusable, so the transcript can be scrolled with the keyboard.
    <div ref={log} className="chat-log desk-chat-log" role="log" aria-label={t("desk_chat.transcript")} tabIndex={0}>
      <ol className="chat-lines">
        {messages.map((m) => (
          <li key={m.id} className={`chat-line ${m.sender === "agent" ? "mine" : m.sender}${m.internal ? " internal" : ""}`}>
            <p className="chat-meta">
              <span className="chat-sender">{sender(m)}</span>{" "}
              <time dateTime={m.at} title={formatDateTime(m.at, locale)}>
                {formatTime(m.at, locale)}
              </time>
            </p>
            {m.internal ? <p className="chat-internal">{t("desk_chat.internal")}</p> : null}
            <p className="chat-text">{m.text}</p>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.clientId} className="chat-line mine">
            <p className="chat-text">{p.text}</p>
            <p className="chat-delivery">{t("desk_chat.sending")}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ReplyBox({ client, context, canned }: { client: DeskChatClient; context: ChatContext; canned: CannedReply[] }) {
  const t = useT();
  const [text, setText] = useState("");
  const send = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    client.send(context.conversationId, trimmed);
    setText("");
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form className="desk-chat-reply" onSubmit={onSubmit}>
      {canned.length > 0 ? (
        <div className="field">
          <label htmlFor="canned-reply">{t("desk_chat.canned")}</label>
          <select
            id="canned-reply"
            value=""
            onChange={(event) => {
              const reply = canned.find((c) => c.id === event.target.value);
              // In the language the customer writes in.
              if (reply) setText((context.language === "zh" ? reply.textZh : reply.textEn).slice(0, MAX_TEXT));
            }}
          >
            <option value="">{t("desk_chat.canned_choose")}</option>
            {canned.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="reply-text">{t("desk_chat.reply")}</label>
        <textarea
          id="reply-text"
          rows={3}
          maxLength={MAX_TEXT}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            client.typing(context.conversationId);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <button type="submit" className="primary">
        {t("desk_chat.send")}
      </button>
    </form>
  );
}

function Transfer({ client, conversationId, meId }: { client: DeskChatClient; conversationId: string; meId: string }) {
  const t = useT();
  const [agents, setAgents] = useState<ChatAgent[] | null>(null);
  const [note, setNote] = useState("");
  const [to, setTo] = useState("");
  const choices = (agents ?? []).filter((a) => a.id !== meId && a.status === "online" && a.activeChats < a.maxChats);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (to && note.trim()) await client.transfer(conversationId, to, note.trim());
  };
  return (
    <details
      className="desk-chat-transfer"
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) void client.agents().then(setAgents);
      }}
    >
      <summary>{t("desk_chat.transfer")}</summary>
      {agents && choices.length === 0 ? <p className="hint">{t("desk_chat.transfer_none")}</p> : null}
      {choices.length > 0 ? (
        <form onSubmit={(event) => void onSubmit(event)}>
          <div className="field">
            <label htmlFor="transfer-to">{t("desk_chat.transfer_to")}</label>
            <select id="transfer-to" required value={to} onChange={(event) => setTo(event.target.value)}>
              <option value="">—</option>
              {choices.map((a) => (
                <option key={a.id} value={a.id}>
                  {t("desk_chat.agent_option", { name: a.name, count: a.activeChats, max: a.maxChats })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="transfer-note">{t("desk_chat.transfer_note")}</label>
            <textarea id="transfer-note" rows={2} required maxLength={MAX_TEXT} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          <button type="submit" className="primary">
            {t("desk_chat.transfer_submit")}
          </button>
        </form>
      ) : null}
    </details>
  );
}
