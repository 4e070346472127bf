import type { FigureUnit } from "../../domain/quality/dashboard-figures";
import type { Translate } from "../i18n";

/** A figure's value as the dashboard, the report and its PDF show it; `signed` for a change between two periods. */
export function formatFigureValue(figure: { key: string; unit: FigureUnit }, value: number, t: Translate, signed = false): string {
  const sign = signed && value > 0 ? "+" : signed && value < 0 ? "−" : "";
  const v = signed ? Math.abs(value) : value;
  switch (figure.unit) {
    case "rating":
      return `${sign}${v.toFixed(2)}`;
    case "ratio":
      return `${sign}${(v * 100).toFixed(1)}%`;
    case "per10k":
      return `${sign}${v.toFixed(1)}`;
    case "seconds":
      return figure.key.startsWith("chat_")
        ? t("quality.unit.minutes", { value: `${sign}${(v / 60).toFixed(1)}` })
        : t("quality.unit.hours", { value: `${sign}${(v / 3600).toFixed(1)}` });
  }
}
