import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import { DeskChatClient } from "../components/desk-chat-client";
import { DeskChatLists } from "../components/desk-chat-lists";
import { DeskChatPanel } from "../components/desk-chat-panel";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { CHAT_ROLES, findCannedReplies } from "../utils/domain.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context, CHAT_ROLES);
  return json({ me: { id: user.id, name: user.name }, canned: await findCannedReplies(context.services.domain) });
}

export default function DeskChats() {
  const t = useT();
  const { me, canned } = useLoaderData<typeof loader>();
  // One socket for the page, opened in the browser only.
  const [client] = useState(() => new DeskChatClient());
  useEffect(() => {
    client.connect();
    return () => client.disconnect();
  }, [client]);
  const desk = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
  const selected = desk.selected;

  return (
    <>
      <h1>{t("desk_chat.title")}</h1>
      <section className="card desk-presence" aria-labelledby="presence-title">
        <h2 id="presence-title">{t("desk_chat.presence")}</h2>
        {desk.connected ? (
          <>
            <p role="status">{t(`desk_chat.presence.${desk.presence}`)}</p>
            <div className="actions">
              <button type="button" className="button" aria-pressed={desk.presence === "online"} onClick={() => void client.setPresence("online")}>
                {t("desk_chat.go_online")}
              </button>
              <button type="button" className="button secondary" aria-pressed={desk.presence === "away"} onClick={() => void client.setPresence("away")}>
                {t("desk_chat.go_away")}
              </button>
            </div>
          </>
        ) : (
          <p role="status">{t("desk_chat.connecting")}</p>
        )}
      </section>
      {desk.notice ? (
        <p className={desk.notice.kind === "error" ? "form-errors" : "notice"} role="alert">
          {desk.notice.kind === "error" ? t(`desk_chat.error.${desk.notice.error}`) : t("desk_chat.assigned")}
        </p>
      ) : null}
      <div className="desk-chat">
        <DeskChatLists client={client} desk={desk} />
        <section className="desk-chat-main" aria-live="polite">
          {selected && desk.contexts[selected] ? (
            <DeskChatPanel key={selected} client={client} desk={desk} context={desk.contexts[selected]!} canned={canned} meId={me.id} />
          ) : (
            <p className="hint">{t("desk_chat.select_hint")}</p>
          )}
        </section>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "desk_chat.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
