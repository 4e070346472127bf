import { translator, type Locale } from "../i18n";
import { attachmentDisposition } from "./downloads.server";
import type { ExportFormat, ExportLabels } from "./domain.server";

/** The export's words in the reader's language; dates and times in China time, sortable. */
export function exportLabels(locale: Locale): ExportLabels {
  const t = translator(locale);
  const dateTime = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "medium" });
  return {
    header: (column) => t(`quality_review.column.${column}`),
    subject: (subject) => t(`quality_review.subject.${subject}`),
    channel: (channel) => t(`complaint_desk.channel.${channel}`),
    tag: (tag) => t(`quality_review.tag.${tag}`),
    followUp: (status) => t(`quality_review.follow_up_status.${status}`),
    yes: t("quality_review.yes"),
    no: t("quality_review.no"),
    dateTime: (at) => dateTime.format(at),
  };
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A streamed export as a download: saved, not shown, never cached (it holds customers' comments). */
export function exportResponse(stream: ReadableStream<Uint8Array>, format: ExportFormat, locale: Locale, now: Date): Response {
  const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(now);
  return new Response(stream, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": attachmentDisposition(`${translator(locale)("quality_review.export_file")}-${day}.${format}`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
