import { useId, useState, type FormEvent } from "react";
import type { ChatClient } from "../utils/chat-client";
import { MAX_RATING_COMMENT_CHARS } from "../utils/chat-state";
import { useT } from "../utils/i18n";

const RATINGS = [1, 2, 3, 4, 5] as const;

/** Once a chat has ended: a rating (1–5, an optional comment), then thanks; and a way to start again. */
export function ChatRating({ client, rated }: { client: ChatClient; rated: boolean }) {
  const t = useT();
  const [missing, setMissing] = useState(false);
  const commentId = useId();
  const errorId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const rating = Number(data.get("rating"));
    setMissing(!rating);
    if (rating) void client.rate(rating, String(data.get("comment") ?? "").trim());
  };

  return (
    <div className="chat-closed">
      {rated ? (
        <p role="status" className="notice">
          {t("chat.rate_thanks")}
        </p>
      ) : (
        <form className="chat-rating" noValidate onSubmit={onSubmit}>
          <fieldset aria-describedby={missing ? errorId : undefined}>
            <legend>{t("chat.rate_title")}</legend>
            <p className="hint">{t("chat.rate_legend")}</p>
            <div className="chat-rating-options">
              {RATINGS.map((rating) => (
                <label key={rating} className="checkbox">
                  <input type="radio" name="rating" value={rating} aria-invalid={missing || undefined} />
                  {t("chat.rate_option", { rating })}
                </label>
              ))}
            </div>
            {missing ? (
              <p id={errorId} role="alert" className="field-errors">
                {t("chat.rate_required")}
              </p>
            ) : null}
          </fieldset>
          <div className="field">
            <label htmlFor={commentId}>{t("chat.rate_comment")}</label>
            <textarea id={commentId} name="comment" rows={2} maxLength={MAX_RATING_COMMENT_CHARS} />
          </div>
          <button type="submit" className="button">
            {t("chat.rate_submit")}
          </button>
        </form>
      )}
      <button type="button" className="button secondary" onClick={() => client.startNew()}>
        {t("chat.new_chat")}
      </button>
    </div>
  );
}
