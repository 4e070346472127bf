import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, isLocale, isMessageKey, translator, type Locale, type Translate } from "../i18n";

export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  // The root loader itself failed (a database outage): its error answer names the language.
  const error = useRouteError();
  const fromError = isRouteErrorResponse(error) ? (error.data as { locale?: unknown } | null)?.locale : undefined;
  return data?.locale ?? (isLocale(fromError) ? fromError : DEFAULT_LOCALE);
}

export function useT(): Translate {
  return translator(useLocale());
}

/** Translates a message key sent by the server; anything unexpected reads as a generic error. */
export function useTranslateMessage(): (key: string | undefined) => string | undefined {
  const t = useT();
  return (key) => (key === undefined ? undefined : isMessageKey(key) ? t(key) : t("page.error_body"));
}
