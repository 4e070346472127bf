import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../utils/auth.server";
import { COMPLAINT_READ_ROLES, getComplaintAttachment, isAppError, isUuid } from "../utils/domain.server";
import { fileDownload } from "../utils/downloads.server";
import { notFound } from "../utils/responses.server";

/**
 * A file sent with a complaint, as a download, for staff who read complaints (audited). A
 * malformed id, a file of another complaint and a file that does not exist are the same 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, COMPLAINT_READ_ROLES);
  const attachmentId = params.id ?? "";
  if (!isUuid(attachmentId)) throw notFound();
  try {
    const { attachment, bytes } = await getComplaintAttachment(context.services.domain, {
      viewer: { kind: "staff", actor: { userId: viewer.user.id, roles: viewer.roles } },
      number: params.number ?? "",
      attachmentId,
    });
    return fileDownload(attachment, bytes);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") throw notFound();
    throw error;
  }
}
