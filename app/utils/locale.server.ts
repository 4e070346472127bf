import type { Locale as DbLocale } from "../../db/schema";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "../i18n";
import { readLocaleCookie } from "./cookies.server";

/** The user's saved choice, else the remembered cookie, else the browser's, else Chinese. */
export async function resolveLocale(request: Request, saved: DbLocale | null | undefined): Promise<Locale> {
  if (saved && isLocale(saved)) return saved;
  const fromCookie = await readLocaleCookie(request);
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}
