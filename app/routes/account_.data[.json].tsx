import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../utils/personal-data.server";

// The customer's own data, machine-readable (PIPL art. 45).
export function loader(args: LoaderFunctionArgs) {
  return personalDataResponse(args, "json");
}
