import { GeneralErrorBoundary } from "../components/error-boundary";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireStaff } from "../utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  return redirect("/admin/staff");
}

// A UI route (not a resource route), so that a refusal renders the friendly 403 page.
export default function AdminIndex() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
