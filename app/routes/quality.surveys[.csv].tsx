import type { LoaderFunctionArgs } from "@remix-run/node";
import { surveyExportResponse } from "../utils/survey-export.server";

// The survey list as CSV, with the list's own filters; streamed as it is read.
export function loader(args: LoaderFunctionArgs) {
  return surveyExportResponse(args, "csv");
}
