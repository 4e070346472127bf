import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../utils/personal-data.server";

// The customer's own data as a page to read and print, in their language.
export function loader(args: LoaderFunctionArgs) {
  return personalDataResponse(args, "html");
}
