import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Locale } from "../i18n";
import { LOCALES } from "../i18n";
import { useLocale, useT } from "../utils/i18n";

export interface ViewerSummary {
  /** The account's id: names whose chat a browser tab keeps, without naming the person. */
  id: string;
  name: string;
  kind: "customer" | "staff";
  roles: string[];
  /** Holds a role that works on service requests. */
  worksRequests: boolean;
  /** Holds a role that reads complaints at the desk. */
  readsComplaints?: boolean;
}

/** The header every page shares: brand, role-aware navigation, language switch, sign-in state. */
export function SiteHeader({ viewer }: { viewer: ViewerSummary | null }) {
  const t = useT();
  const isAdmin = viewer?.roles.includes("admin") ?? false;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skip_to_content")}
      </a>
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            TL
          </span>
          <span>
            <span className="brand-name">{t("app.name")}</span>
            <span className="brand-tagline">{t("app.tagline")}</span>
          </span>
        </Link>
        <nav aria-label={t("nav.main")} className="site-nav">
          <ul>
            {viewer?.kind === "customer" ? (
              <li>
                <NavLink to="/portal">{t("nav.portal")}</NavLink>
              </li>
            ) : null}
            {viewer?.kind === "staff" ? (
              <li>
                <NavLink to="/desk" end>
                  {t("nav.desk")}
                </NavLink>
              </li>
            ) : null}
            {viewer?.worksRequests ? (
              <li>
                <NavLink to="/desk/requests">{t("nav.desk_requests")}</NavLink>
              </li>
            ) : null}
            {viewer?.readsComplaints ? (
              <li>
                <NavLink to="/desk/complaints">{t("nav.desk_complaints")}</NavLink>
              </li>
            ) : null}
            {viewer?.roles.includes("compliance") ? (
              <li>
                <NavLink to="/desk/privacy">{t("nav.desk_privacy")}</NavLink>
              </li>
            ) : null}
            {viewer?.roles.some((role) => role === "agent" || role === "supervisor") ? (
              <li>
                <NavLink to="/desk/chats">{t("nav.desk_chats")}</NavLink>
              </li>
            ) : null}
            {viewer?.roles.some((role) => role === "quality" || role === "supervisor" || role === "admin") ? (
              <li>
                <NavLink to="/quality" end>
                  {t("quality.nav")}
                </NavLink>
              </li>
            ) : null}
            {!viewer ? (
              <li>
                <NavLink to="/track">{t("nav.track")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/staff">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/mail">{t("mail.nav")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/calendar">{t("calendar.nav")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/settings">{t("settings.nav")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/knowledge">{t("knowledge.nav")}</NavLink>
              </li>
            ) : null}
            {isAdmin ? (
              <li>
                <NavLink to="/admin/canned-replies">{t("canned.nav")}</NavLink>
              </li>
            ) : null}
            {viewer ? (
              <li>
                <NavLink to="/account">{t("nav.account")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          {viewer ? (
            <Form method="post" action="/logout" className="inline-form">
              <span className="signed-in-as">{t("nav.signed_in_as", { name: viewer.name })}</span>
              <button type="submit" className="button-link">
                {t("nav.sign_out")}
              </button>
            </Form>
          ) : (
            <span className="auth-links">
              <Link to="/login">{t("nav.sign_in")}</Link>
              <Link to="/register">{t("nav.register")}</Link>
            </span>
          )}
        </div>
      </div>
    </header>
  );
}

/** A plain form post, so switching works without JavaScript; the server remembers the choice. */
export function LanguageSwitch() {
  const t = useT();
  const current = useLocale();
  const location = useLocation();
  const others = LOCALES.filter((l): l is Locale => l !== current);
  return (
    <Form method="post" action="/language" className="inline-form language-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {others.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-label={t("lang.switch_to", { language: t(`lang.${locale}`) })}
        >
          {t(`lang.${locale}`)}
        </button>
      ))}
    </Form>
  );
}

export function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      {children}
    </>
  );
}
