import { PassThrough, Readable } from "node:stream";
import type { ServiceChannel, SurveySubject, SurveyTag } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { selectSurveyPage, type QualitySurveyRow, type SurveyCursor } from "./find-quality-surveys";
import { QUALITY_EXPORT_ROLES } from "./quality-access";
import { neutraliseCell } from "./spreadsheet-cells";
import type { SurveyFilter } from "./survey-filters";

export const EXPORT_COLUMNS = ["answeredAt", "subject", "number", "channel", "agent", "branch", "score", "resolved", "comment", "tags", "followUp"] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportFormat = "csv" | "xlsx";

/** Words in the reader's language, supplied by the web layer (the domain knows no catalogue). */
export interface ExportLabels {
  header: (column: ExportColumn) => string;
  subject: (subject: SurveySubject) => string;
  channel: (channel: ServiceChannel) => string;
  tag: (tag: SurveyTag) => string;
  followUp: (status: "open" | "closed") => string;
  yes: string;
  no: string;
  /** A date and time as the reader writes it. */
  dateTime: (at: Date) => string;
}

// Rows fetched per query: large enough to keep round trips few, small enough to keep memory flat.
const EXPORT_PAGE = 1000;

function cells(row: QualitySurveyRow & { comment: string | null }, labels: ExportLabels): (string | number)[] {
  const text = (value: string) => neutraliseCell(value);
  return [
    labels.dateTime(row.answeredAt),
    labels.subject(row.subjectType),
    row.number ?? "",
    labels.channel(row.channel),
    text(row.agentName ?? ""),
    text(row.branch ?? ""),
    row.rating,
    row.resolved === null ? "" : row.resolved ? labels.yes : labels.no,
    text(row.comment ?? ""),
    row.tags.map(labels.tag).join(", "),
    row.followUpStatus ? labels.followUp(row.followUpStatus) : "",
  ];
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every row of the filter, page after page, newest first. */
async function* pages(ctx: DomainContext, filter: SurveyFilter) {
  let after: SurveyCursor | null = null;
  for (;;) {
    const page = await selectSurveyPage(ctx, { filter, after, limit: EXPORT_PAGE, withComment: true });
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE) return;
    const last = page.at(-1)!;
    after = { at: last.answeredAt, id: last.id };
  }
}

function csvStream(ctx: DomainContext, filter: SurveyFilter, labels: ExportLabels): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = pages(ctx, filter);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // The byte-order mark tells spreadsheet programs the file is UTF-8 (Chinese headers, names).
      controller.enqueue(encoder.encode(`\uFEFF${EXPORT_COLUMNS.map((c) => csvField(labels.header(c))).join(",")}\r\n`));
    },
    // One page per pull: the reader's pace sets the database's, so memory stays flat.
    async pull(controller) {
      const next = await source.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((row) => `${cells(row, labels).map(csvField).join(",")}\r\n`).join("")));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

function xlsxStream(ctx: DomainContext, filter: SurveyFilter, labels: ExportLabels): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const write = async () => {
    // Loaded here rather than at start-up: only spreadsheet exports use it.
    const { default: ExcelJS } = await import("exceljs");
    // No shared strings and no styles: both would be held in memory until the end.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet("Surveys");
    sheet.addRow(EXPORT_COLUMNS.map((c) => labels.header(c))).commit();
    for await (const page of pages(ctx, filter)) {
      for (const row of page) sheet.addRow(cells(row, labels)).commit();
      // Wait for the reader before the next page: the zip writer does not.
      if (output.writableNeedDrain) await new Promise((resolve) => output.once("drain", resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

/**
 * The filtered survey list as a CSV or XLSX file in the reader's language, streamed: rows are
 * read in keyset pages as the file is sent, so 100,000 rows take no more memory than 1,000.
 * Every cell a spreadsheet could take for a formula is neutralised. The export is audited with
 * its filter — never its rows.
 */
export async function exportSurveys(
  ctx: DomainContext,
  input: { actor: StaffActor; filter: SurveyFilter; format: ExportFormat; labels: ExportLabels },
): Promise<ReadableStream<Uint8Array>> {
  requireAnyRole(input.actor, QUALITY_EXPORT_ROLES);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.exported",
      objectType: "survey_answers",
      after: { format: input.format, filter: input.filter },
    }),
  );
  return input.format === "csv" ? csvStream(ctx, input.filter, input.labels) : xlsxStream(ctx, input.filter, input.labels);
}

