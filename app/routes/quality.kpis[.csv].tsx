import type { LoaderFunctionArgs } from "@remix-run/node";
import { kpiExportResponse } from "../utils/survey-export.server";

// The dashboard's KPI table as CSV, for the dashboard's own period and filters (its query string).
export function loader(args: LoaderFunctionArgs) {
  return kpiExportResponse(args, "csv");
}
