import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getViewer } from "../utils/auth.server";
import { clearSessionCookie } from "../utils/cookies.server";
import { signOut } from "../utils/domain.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (viewer) {
    await signOut(context.services.domain, { userId: viewer.user.id, token: viewer.token });
    context.sockets.disconnectSessions([viewer.session.id]);
  }
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
}
