import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCustomer } from "../utils/auth.server";
import { getComplaintAttachment, isAppError, isUuid } from "../utils/domain.server";
import { fileDownload } from "../utils/downloads.server";
import { notFound } from "../utils/responses.server";

/**
 * A file the customer sent with their own complaint, as a download. Another customer's file, a
 * malformed id and a file that does not exist are the same 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const attachmentId = params.id ?? "";
  if (!isUuid(attachmentId)) throw notFound();
  try {
    const { attachment, bytes } = await getComplaintAttachment(context.services.domain, {
      viewer: { kind: "customer", customerId: user.id },
      number: params.number ?? "",
      attachmentId,
    });
    return fileDownload(attachment, bytes);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") throw notFound();
    throw error;
  }
}
