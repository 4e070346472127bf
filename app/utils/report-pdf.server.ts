import fs from "node:fs/promises";
import type * as Fontkit from "fontkit";
import { COMPLAINT_COLUMNS, COMPLAINT_TABLES, complaintCells, complaintValueLabel, describeWeakArea, formatReportChange, formatReportFigure } from "../components/quality-report";
import { translator, type Locale } from "../i18n";
import { REPORT_ACTIONS_LIMIT, WEAKEST_MIN_VOLUME, type MonthlyReport } from "./domain.server";
import { formatDate, formatDateTime } from "./format";

/** A font file's bytes and, inside a collection (TTC), the name of the face to embed. */
export interface ReportFont {
  data: Buffer;
  postscriptName: string;
}

const CJK_PROBE = "中".codePointAt(0)!;

/** Fonts read once (a CJK font is several megabytes); a missing one is looked for again next time. */
const loadedFonts = new Map<string, ReportFont>();

/**
 * The font for the report's PDF, if the file is there and has Chinese characters: a font
 * without them would print every Chinese word as empty boxes. Null otherwise.
 */
export async function loadReportFont(path: string): Promise<ReportFont | null> {
  const loaded = loadedFonts.get(path);
  if (loaded) return loaded;
  let data: Buffer;
  try {
    data = await fs.readFile(path);
  } catch {
    return null;
  }
  // Loaded here rather than at start-up: only the monthly report's PDF uses it.
  const fontkit = await import("fontkit");
  let opened: Fontkit.Font | Fontkit.FontCollection;
  try {
    opened = fontkit.create(data);
  } catch {
    return null;
  }
  const faces = "fonts" in opened ? opened.fonts : [opened];
  const face = faces.find((f) => f.hasGlyphForCodePoint(CJK_PROBE));
  if (!face) return null;
  const font = { data, postscriptName: face.postscriptName };
  loadedFonts.set(path, font);
  return font;
}

const A4 = { margin: 50, footer: 30 } as const;
const INK = "#1b2430";
const MUTED = "#4a5563";
const LINE = "#c9d1db";
const BRAND = "#1d4f91";

type Doc = PDFKit.PDFDocument;

/** A table that wraps its cells, starts a new page when a row does not fit, and repeats its header there. */
function table(doc: Doc, columns: { header: string; width: number; align?: "left" | "right" }[], rows: string[][], options: { caption?: string } = {}) {
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const pad = 3;
  const heightOf = (cells: string[]) =>
    Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
  const drawRow = (cells: string[], header: boolean) => {
    const h = heightOf(cells);
    const top = doc.y;
    let x = left;
    if (header) doc.rect(left, top, columns.reduce((s, c) => s + c.width, 0), h).fill("#eef2f7");
    doc.fillColor(INK);
    cells.forEach((text, i) => {
      const column = columns[i]!;
      doc.text(text, x + pad, top + pad, { width: column.width - 2 * pad, align: column.align ?? "left" });
      x += column.width;
    });
    doc
      .moveTo(left, top + h)
      .lineTo(x, top + h)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.x = left;
    doc.y = top + h;
  };
  if (options.caption) {
    doc.fontSize(10.5).fillColor(INK).text(options.caption, left, doc.y);
    doc.moveDown(0.3);
  }
  doc.fontSize(9);
  const header = columns.map((c) => c.header);
  if (doc.y + heightOf(header) + heightOf(rows[0] ?? header) > bottom()) doc.addPage();
  drawRow(header, true);
  for (const row of rows) {
    if (doc.y + heightOf(row) > bottom()) {
      doc.addPage();
      drawRow(header, true);
    }
    drawRow(row, false);
  }
  doc.moveDown(0.8);
}

function heading(doc: Doc, text: string, newPage: boolean) {
  if (newPage) doc.addPage();
  doc.fontSize(14).fillColor(BRAND).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.4);
  doc.fontSize(10).fillColor(INK);
}

function paragraph(doc: Doc, text: string) {
  doc.fontSize(10).fillColor(INK).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** The satisfaction trend as vector shapes: bars for answers, a line for the average rating. */
function trendChart(doc: Doc, points: MonthlyReport["trend"]["points"]) {
  const left = doc.page.margins.left + 20;
  const width = contentWidth(doc) - 40;
  const height = 180;
  const top = doc.y + 5;
  const maxAnswers = Math.max(1, ...points.map((p) => p.answers));
  const slot = width / Math.max(1, points.length);
  const x = (i: number) => left + slot * (i + 0.5);
  const y = (rating: number) => top + height * (1 - (rating - 1) / 4);
  doc.fontSize(8).fillColor(MUTED);
  for (const r of [1, 2, 3, 4, 5]) {
    doc.moveTo(left, y(r)).lineTo(left + width, y(r)).lineWidth(0.5).strokeColor("#dddddd").stroke();
    doc.text(String(r), left - 18, y(r) - 4, { width: 12, align: "right", lineBreak: false });
  }
  doc.text(String(maxAnswers), left + width + 4, top - 4, { lineBreak: false });
  points.forEach((p, i) => {
    const h = (height * p.answers) / maxAnswers;
    if (h > 0) doc.rect(x(i) - slot * 0.35, top + height - h, slot * 0.7, h).fill("#b9d3ee");
  });
  const line = points.flatMap((p, i) => (p.average === null ? [] : [[x(i), y(p.average)] as const]));
  if (line.length > 0) {
    doc.moveTo(line[0]![0], line[0]![1]);
    for (const [px, py] of line.slice(1)) doc.lineTo(px, py);
    doc.lineWidth(1.5).strokeColor(BRAND).stroke();
  }
  if (points.length > 0) {
    doc.fillColor(MUTED).text(points[0]!.start, left, top + height + 6, { lineBreak: false });
    doc.text(points[points.length - 1]!.start, left + width - 60, top + height + 6, { width: 60, align: "right", lineBreak: false });
  }
  doc.x = doc.page.margins.left;
  doc.y = top + height + 24;
}

/** The monthly report as a PDF in the reader's language: the same sections and words as the page. */
export async function renderReportPdf(report: MonthlyReport, options: { locale: Locale; font: ReportFont }): Promise<Buffer<ArrayBuffer>> {
  const { default: PDFDocument } = await import("pdfkit");
  const { locale, font } = options;
  const t = translator(locale);
  const title = t("quality.report.heading", { month: report.month });
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
    bufferPages: true,
    lang: locale,
    displayTitle: true,
    info: { Title: title, Subject: report.month, Author: t("app.name"), Creator: t("app.name") },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks) as Buffer<ArrayBuffer>));
    doc.on("error", reject);
  });
  doc.registerFont("report", font.data, font.postscriptName);
  doc.font("report");
  const width = contentWidth(doc);

  doc.fontSize(18).fillColor(INK).text(title);
  doc.moveDown(0.3);
  paragraph(
    doc,
    t("quality.report.period", {
      first: report.period.firstDay,
      last: report.period.lastDay,
      previousFirst: report.previous.firstDay,
      previousLast: report.previous.lastDay,
      generatedAt: formatDateTime(report.generatedAt.toISOString(), locale),
    }),
  );

  heading(doc, t("quality.report.kpi_title"), false);
  const figureWidth = width * 0.4;
  const valueWidth = (width - figureWidth) / 3;
  table(
    doc,
    [
      { header: t("quality.col.figure"), width: figureWidth },
      { header: t("quality.col.current"), width: valueWidth, align: "right" },
      { header: t("quality.col.previous"), width: valueWidth, align: "right" },
      { header: t("quality.col.change"), width: valueWidth, align: "right" },
    ],
    report.figures.map((f) => [t(`quality.figure.${f.key}`), formatReportFigure(f, "current", t), formatReportFigure(f, "previous", t), formatReportChange(f, t)]),
  );

  heading(doc, t("quality.trend_title"), true);
  trendChart(doc, report.trend.points);
  paragraph(doc, t("quality.report.trend_caption"));

  heading(doc, t("quality.report.complaints_title"), true);
  paragraph(doc, t("quality.report.complaints_intro"));
  if (report.complaints.total.received === 0) paragraph(doc, t("quality.report.complaints_empty"));
  const nameWidth = width * 0.32;
  const countWidth = (width - nameWidth) / COMPLAINT_COLUMNS.length;
  for (const dimension of COMPLAINT_TABLES) {
    table(
      doc,
      [
        { header: t(`quality.report.dimension.${dimension}`), width: nameWidth },
        ...COMPLAINT_COLUMNS.map((c) => ({ header: t(`quality.report.col.${c}`), width: countWidth, align: "right" as const })),
      ],
      [
        ...report.complaints[dimension].map((row) => [complaintValueLabel(dimension, row.value, t), ...complaintCells(row).map(String)]),
        [t("quality.report.total"), ...complaintCells(report.complaints.total).map(String)],
      ],
      { caption: t(`quality.report.by.${dimension}`) },
    );
  }

  heading(doc, t("quality.weak_title"), true);
  paragraph(doc, `${t("quality.weak_intro", { min: WEAKEST_MIN_VOLUME })} ${t("quality.report.weak_note")}`);
  if (report.weakest.length === 0) {
    paragraph(doc, t("quality.weak_empty"));
  } else {
    table(
      doc,
      [
        { header: t("quality.report.col.dimension"), width: width * 0.22 },
        { header: t("quality.report.col.area"), width: width * 0.28 },
        { header: t("quality.report.col.why"), width: width * 0.5 },
      ],
      report.weakest.map((a) => {
        const row = describeWeakArea(a, t);
        return [row.kind, row.name, row.why];
      }),
    );
  }

  heading(doc, t("quality.report.follow_ups_title"), true);
  const { followUps } = report;
  paragraph(doc, t("quality.report.follow_ups_counts", { opened: followUps.opened, closed: followUps.closed, open: followUps.openAtEnd }));
  if (followUps.actions.length === 0) {
    paragraph(doc, t("quality.report.actions_empty"));
  } else {
    if (followUps.closed > followUps.actions.length) paragraph(doc, t("quality.report.actions_limited", { limit: REPORT_ACTIONS_LIMIT, count: followUps.closed }));
    table(
      doc,
      [
        { header: t("quality.report.col.closed_at"), width: width * 0.18 },
        { header: t("quality.report.col.subject"), width: width * 0.16 },
        { header: t("quality.report.col.rating"), width: width * 0.12, align: "right" },
        { header: t("quality.report.col.action"), width: width * 0.54 },
      ],
      followUps.actions.map((a) => [formatDate(a.closedAt.toISOString(), locale), t(`quality_review.subject.${a.subjectType}`), String(a.rating), a.action]),
    );
  }

  // Page numbers once the page count is known; the footer sits in the bottom margin, which
  // would otherwise make pdfkit start a new page.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${title} · ${t("quality.report.page_number", { page: i + 1, pages: count })}`, doc.page.margins.left, doc.page.height - A4.footer, {
        width,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
