import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PersonalDataDocument, type PersonalDataView } from "../components/personal-data-document";
import { translator } from "../i18n";
import { requireCustomer } from "./auth.server";
import { attachmentDisposition } from "./downloads.server";
import { exportPersonalData, type PersonalDataFormat } from "./domain.server";
import { resolveLocale } from "./locale.server";
import { orErrorResponse } from "./responses.server";

const CONTENT_TYPES: Record<PersonalDataFormat, string> = {
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/**
 * The signed-in customer's own data as a download: JSON for machines, a printable page for
 * people. Only ever the viewer's own id reaches the export; it is never cached.
 */
export async function personalDataResponse({ request, context }: LoaderFunctionArgs, format: PersonalDataFormat): Promise<Response> {
  const viewer = await requireCustomer(request, context);
  const locale = await resolveLocale(request, viewer.user.locale);
  const data = await orErrorResponse(exportPersonalData(context.services.domain, { customerId: viewer.user.id, format }));
  const t = translator(locale);
  // Through JSON once, so both formats hold the same values (dates as ISO strings).
  const json = JSON.stringify(data, null, 2);
  const body =
    format === "json"
      ? json
      : `<!doctype html>\n${renderToStaticMarkup(createElement(PersonalDataDocument, { data: JSON.parse(json) as PersonalDataView, t, locale }))}`;
  const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(data.exportedAt);
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": attachmentDisposition(`${t("privacy.data.file")}-${day}.${format}`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
