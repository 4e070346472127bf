import { Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ChatAction } from "../../db/schema";
import type { ChatClient } from "../utils/chat-client";
import { isPortalPath, isRetryable, type ChatLine } from "../utils/chat-state";
import { formatDateTime, formatTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";

/** The conversation so far. Every text is a React text node: nothing a sender writes is HTML. */
export function ChatTranscript({ client, lines, agentTyping, closed }: { client: ChatClient; lines: ChatLine[]; agentTyping: boolean; closed: boolean }) {
  const t = useT();
  const log = useRef<HTMLDivElement>(null);

  // The newest message in view, as in any chat.
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lines.length, agentTyping]);

  return (
    // Focusable, so the transcript can be scrolled with the keyboard.
    <div ref={log} className="chat-log" role="log" aria-label={t("chat.transcript")} tabIndex={0}>
      {lines.length === 0 ? <p className="hint">{t("chat.empty")}</p> : null}
      <ol className="chat-lines">
        {lines.map((line) => (
          <ChatLineItem key={line.clientId} client={client} line={line} closed={closed} />
        ))}
      </ol>
      {agentTyping ? <p className="chat-typing">{t("chat.agent_typing")}</p> : null}
    </div>
  );
}

function ChatLineItem({ client, line, closed }: { client: ChatClient; line: ChatLine; closed: boolean }) {
  const t = useT();
  const locale = useLocale();
  const mine = line.sender === "customer" || line.sender === "visitor";
  const sender =
    line.sender === "customer" || line.sender === "visitor"
      ? t("chat.sender.you")
      : line.sender === "agent"
        ? (line.senderName ?? t("chat.sender.agent"))
        : t(`chat.sender.${line.sender}`);
  return (
    <li className={mine ? "chat-line mine" : `chat-line ${line.sender}`}>
      <p className="chat-meta">
        <span className="chat-sender">{sender}</span>{" "}
        <time dateTime={line.at} title={formatDateTime(line.at, locale)}>
          {formatTime(line.at, locale)}
        </time>
      </p>
      <p className="chat-text">{line.text}</p>
      {line.delivery === "sending" ? <p className="chat-delivery">{t("chat.sending")}</p> : null}
      {line.delivery === "failed" ? (
        <p className="chat-delivery danger">
          {t("chat.not_sent")} {t(`chat.error.${line.error ?? "server_error"}`)}{" "}
          {isRetryable(line.error) ? (
            <button type="button" className="button-link" onClick={() => client.retry(line.clientId)}>
              {t("chat.retry")}
            </button>
          ) : null}
        </p>
      ) : null}
      {line.actions.length > 0 && !closed ? (
        <div className="chat-actions">
          {line.actions.map((action, index) => (
            <ChatActionButton key={index} client={client} action={action} />
          ))}
        </div>
      ) : null}
    </li>
  );
}

function ChatActionButton({ client, action }: { client: ChatClient; action: ChatAction }) {
  switch (action.kind) {
    case "reply":
      return (
        <button type="button" className="chat-action" onClick={() => client.send(action.text)}>
          {action.label}
        </button>
      );
    case "link":
      // Only a page of the portal: anything else is dropped rather than followed.
      return isPortalPath(action.href) ? (
        <Link to={action.href} className="chat-action">
          {action.label}
        </Link>
      ) : null;
    case "handoff":
      return (
        <button type="button" className="chat-action" onClick={() => void client.handoff()}>
          {action.label}
        </button>
      );
  }
}
