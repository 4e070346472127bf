import { redirect, type AppLoadContext } from "@remix-run/node";
import type { StaffRole, User } from "../../db/schema";
import type { Session } from "../../db/schema";
import { readSessionToken } from "./cookies.server";
import { forbidden } from "./responses.server";
import { findRoles, resolveSession } from "./domain.server";

export interface Viewer {
  user: User;
  roles: StaffRole[];
  session: Session;
  token: string;
}

// One lookup per request: the root loader and the page's loader ask for the same viewer. An action
// gets a context of its own (server/http-app.ts), so the loaders after it look the session up anew.
const viewers = new WeakMap<AppLoadContext, { cookie: string | null; viewer: Promise<Viewer | null> }>();

/** The signed-in person behind the request (any stage), or null. */
export function getViewer(request: Request, context: AppLoadContext): Promise<Viewer | null> {
  const cookie = request.headers.get("Cookie");
  const known = viewers.get(context);
  if (known && known.cookie === cookie) return known.viewer;
  const viewer = lookUpViewer(request, context);
  viewers.set(context, { cookie, viewer });
  return viewer;
}

async function lookUpViewer(request: Request, context: AppLoadContext): Promise<Viewer | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const resolved = await resolveSession(context.services.domain, token);
  if (!resolved) return null;
  const roles = resolved.user.kind === "staff" ? await findRoles(context.services.domain.db, resolved.user.id) : [];
  return { ...resolved, roles, token };
}

/** Only same-site paths: an attacker's link cannot bounce a user to another site. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function homeFor(viewer: Pick<Viewer, "user">): string {
  return viewer.user.kind === "staff" ? "/desk" : "/portal";
}

function signInRedirect(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A viewer waiting for the second factor goes to enrol it or to enter it — nowhere else. */
function secondFactorRedirect(viewer: Viewer) {
  return redirect(viewer.user.totpEnabled ? "/auth/two-factor" : "/auth/two-factor-setup");
}

/** A fully signed-in user (second factor done where required), or a redirect to sign in. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<Viewer> {
  const viewer = await getViewer(request, context);
  if (!viewer) throw signInRedirect(request);
  if (viewer.session.stage !== "active") throw secondFactorRedirect(viewer);
  return viewer;
}

export async function requireCustomer(request: Request, context: AppLoadContext): Promise<Viewer> {
  const viewer = await requireUser(request, context);
  if (viewer.user.kind !== "customer") throw forbidden();
  return viewer;
}

/** Staff with at least one of `roles` (any staff role when none are named). */
export async function requireStaff(
  request: Request,
  context: AppLoadContext,
  roles: readonly StaffRole[] = [],
): Promise<Viewer> {
  const viewer = await getViewer(request, context);
  if (!viewer) throw signInRedirect(request);
  if (viewer.user.kind !== "staff") throw forbidden();
  if (viewer.session.stage !== "active") throw secondFactorRedirect(viewer);
  if (roles.length > 0 && !roles.some((r) => viewer.roles.includes(r))) throw forbidden();
  return viewer;
}

/** A session that is waiting for its second factor. */
export async function requirePendingViewer(request: Request, context: AppLoadContext): Promise<Viewer> {
  const viewer = await getViewer(request, context);
  if (!viewer) throw redirect("/login");
  if (viewer.session.stage === "active") throw redirect(homeFor(viewer));
  return viewer;
}
