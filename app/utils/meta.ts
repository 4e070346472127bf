import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator, type MessageKey } from "../i18n";

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>;

/** A page title in the viewer's language (the root loader decided it). */
export function titleFor(matches: Matches, key: MessageKey): MetaDescriptor[] {
  const rootData = matches.find((m) => m?.id === "root")?.data as { locale?: unknown } | undefined;
  const t = translator(isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE);
  return [{ title: `${t(key)} · ${t("app.name")}` }];
}
