import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { homeFor, requireUser } from "../utils/auth.server";
import { clearRecoveryCodesCookie, readRecoveryCodesCookie } from "../utils/cookies.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

const Codes = z.array(z.string()).length(10);

function unseal(sealed: string, cipher: { decrypt(s: string): string }): string[] | null {
  try {
    return Codes.parse(JSON.parse(cipher.decrypt(sealed)));
  } catch {
    return null;
  }
}

// Shown exactly once, right after enrolment; a reload finds the cookie gone and moves on.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, context);
  const sealed = await readRecoveryCodesCookie(request);
  const codes = sealed ? unseal(sealed, context.services.domain.cipher) : null;
  if (!codes) throw redirect(homeFor(viewer));
  return json(
    { codes, next: homeFor(viewer) },
    { headers: { "Set-Cookie": await clearRecoveryCodesCookie(request), "Cache-Control": "no-store" } },
  );
}

export default function RecoveryCodes() {
  const t = useT();
  const { codes, next } = useLoaderData<typeof loader>();
  return (
    <section className="card narrow">
      <h1>{t("auth.recovery_title")}</h1>
      <p>{t("auth.recovery_intro")}</p>
      <ul className="codes plain" aria-label={t("auth.recovery_title")}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <Link className="button" to={next}>
        {t("auth.recovery_done")}
      </Link>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "auth.recovery_title");

// Remix would re-run the loader after navigations it did not cause; the codes must not vanish.
export function shouldRevalidate() {
  return false;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
