import { useLocation } from "@remix-run/react";
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from "react";
import { ChatClient, type ChatSnapshot } from "../utils/chat-client";
import { MAX_CHAT_MESSAGE_CHARS, lastSeq, restoreChat, storedChat, unreadAfter } from "../utils/chat-state";
import { useT } from "../utils/i18n";
import { ChatRating } from "./chat-rating";
import { ChatTranscript } from "./chat-transcript";

const STORAGE_KEY = "trustline.chat";
// The staff have their own workspace; the customer's chat stays off it.
const STAFF_PATHS = /^\/(desk|admin)(\/|$)/;

/**
 * The floating "chat with us" button and its panel, on every page a customer or visitor sees.
 * Nothing connects before the first click; from then on the chat follows the customer across
 * pages and reloads of this tab. `owner` names who is signed in: another owner starts afresh.
 */
export function ChatWidget({ owner }: { owner: string }) {
  const t = useT();
  const { pathname } = useLocation();
  const [client, setClient] = useState<ChatClient | null>(null);
  const [started, setStarted] = useState(false);
  const [open, setOpen] = useState(false);
  const launcher = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // Focus moves into the panel when the customer opens it, not when a reload restores it.
  const [openedByClick, setOpenedByClick] = useState(false);
  // The last message the customer had in view: later ones count as new on the closed button.
  const [seenSeq, setSeenSeq] = useState(0);

  // After hydration only: the server never sees sessionStorage, so every page renders closed.
  useEffect(() => {
    const stored = restoreChat(sessionStorage.getItem(STORAGE_KEY), owner);
    const created = new ChatClient(stored.state);
    setClient(created);
    setStarted(stored.started);
    setOpen(stored.open);
    setSeenSeq(stored.seenSeq);
    return () => created.disconnect();
  }, [owner]);

  useEffect(() => {
    if (client && started) client.connect();
  }, [client, started]);

  useEffect(() => {
    if (!client) return;
    const save = () => sessionStorage.setItem(STORAGE_KEY, JSON.stringify(storedChat(owner, { started, open, seenSeq }, client.getSnapshot().chat)));
    save();
    return client.subscribe(save);
  }, [client, owner, started, open, seenSeq]);

  useEffect(() => {
    if (!open && returnFocus.current) launcher.current?.focus();
    returnFocus.current = false;
  }, [open]);

  if (STAFF_PATHS.test(pathname)) return null;

  const close = () => {
    returnFocus.current = true;
    if (client) setSeenSeq(lastSeq(client.getSnapshot().chat));
    setOpen(false);
  };

  return open && client ? (
    <ChatPanel client={client} onClose={close} takeFocus={openedByClick} />
  ) : (
    <button
      ref={launcher}
      type="button"
      className="chat-launcher"
      aria-haspopup="dialog"
      onClick={() => {
        setStarted(true);
        setOpen(true);
        setOpenedByClick(true);
      }}
    >
      <span aria-hidden="true" className="chat-launcher-icon">
        ✉
      </span>
      {t("chat.launcher")}
      {client ? <UnreadCount client={client} seenSeq={seenSeq} /> : null}
    </button>
  );
}

function UnreadCount({ client, seenSeq }: { client: ChatClient; seenSeq: number }) {
  const t = useT();
  const count = unreadAfter(useChat(client).chat, seenSeq);
  return count > 0 ? <span className="chat-unread">{t("chat.unread", { count })}</span> : null;
}

function useChat(client: ChatClient): ChatSnapshot {
  return useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
}

function ChatPanel({ client, onClose, takeFocus }: { client: ChatClient; onClose: () => void; takeFocus: boolean }) {
  const t = useT();
  const { chat, connection, agentTyping, problem } = useChat(client);
  const titleId = useId();
  const statusId = useId();
  const panel = useRef<HTMLElement>(null);

  // Straight to the message box (or the rating form once the chat has ended).
  useEffect(() => {
    if (!takeFocus) return;
    const first = (selector: string) => panel.current?.querySelector<HTMLElement>(selector);
    (first("textarea") ?? first("input"))?.focus();
  }, [takeFocus]);

  const status =
    connection === "offline"
      ? t("chat.offline")
      : connection !== "online"
        ? t("chat.connecting")
        : chat.status === "active"
          ? t("chat.status.active", { name: chat.agentName ?? t("chat.sender.agent") })
          : t(`chat.status.${chat.status}`);
  const ready = chat.conversationId !== null && connection === "online";

  return (
    <section
      ref={panel}
      id="chat-panel"
      className="chat-panel"
      role="dialog"
      aria-labelledby={titleId}
      aria-describedby={statusId}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <header className="chat-header">
        <div className="chat-heading">
          <h2 id={titleId}>{t("chat.title")}</h2>
          <button type="button" className="chat-close" aria-label={t("chat.close")} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <p id={statusId} className="chat-status" aria-live="polite">
          {status}
        </p>
        {chat.status !== "closed" ? (
          <div className="chat-header-actions">
            {chat.status === "bot" ? (
              <button type="button" className="button-link" disabled={!ready} onClick={() => void client.handoff()}>
                {t("chat.handoff")}
              </button>
            ) : null}
            <button type="button" className="button-link" disabled={!ready} onClick={() => void client.end()}>
              {t("chat.end")}
            </button>
          </div>
        ) : null}
      </header>
      <ChatTranscript client={client} lines={chat.lines} agentTyping={agentTyping} closed={chat.status === "closed"} />
      {problem ? (
        <p role="alert" className="chat-problem">
          {t(`chat.error.${problem}`)}
        </p>
      ) : null}
      {chat.status === "closed" ? <ChatRating client={client} rated={chat.rated} /> : <ChatComposer client={client} />}
    </section>
  );
}

function ChatComposer({ client }: { client: ChatClient }) {
  const t = useT();
  const [text, setText] = useState("");
  const inputId = useId();
  const hintId = useId();

  const send = () => {
    const message = text.trim();
    if (!message) return;
    client.send(message);
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method is composing picks a Chinese character; it sends nothing.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  return (
    <form className="chat-composer" onSubmit={onSubmit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t("chat.message_label")}
      </label>
      <textarea
        id={inputId}
        rows={2}
        maxLength={MAX_CHAT_MESSAGE_CHARS}
        value={text}
        aria-describedby={hintId}
        onChange={(event) => {
          setText(event.target.value);
          client.typing();
        }}
        onKeyDown={onKeyDown}
      />
      <div className="chat-composer-row">
        <p id={hintId} className="chat-hint">
          {t("chat.message_hint")} {t("chat.characters", { count: text.length, max: MAX_CHAT_MESSAGE_CHARS })}
        </p>
        <button type="submit" className="button">
          {t("chat.send")}
        </button>
      </div>
    </form>
  );
}
