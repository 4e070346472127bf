import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "../i18n";
import { getViewer, safeRedirectPath } from "../utils/auth.server";
import { setLocaleCookie } from "../utils/cookies.server";
import { setLocale } from "../utils/domain.server";

export async function loader() {
  return redirect("/");
}

/** Switches the language: remembered in a cookie, and on the account of a signed-in user. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const locale = form?.get("locale");
  const back = safeRedirectPath(form?.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  const viewer = await getViewer(request, context);
  if (viewer?.session.stage === "active") {
    await setLocale(context.services.domain, { userId: viewer.user.id, locale });
  }
  return redirect(back, { headers: { "Set-Cookie": await setLocaleCookie(request, locale) } });
}
