import { GeneralErrorBoundary } from "../components/error-boundary";
import { notFound } from "../utils/responses.server";

// Any address no route claims: the friendly 404 page, in the user's language.
export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
