import type { LoaderFunctionArgs } from "@remix-run/node";
import { kpiExportResponse } from "../utils/survey-export.server";

// The dashboard's KPI table as an Excel workbook (XLSX), for the dashboard's own period and filters.
export function loader(args: LoaderFunctionArgs) {
  return kpiExportResponse(args, "xlsx");
}
