import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../utils/auth.server";
import { getAttachmentForViewer, hasAttachmentRole, isAppError, isUuid } from "../utils/domain.server";
import { fileDownload } from "../utils/downloads.server";
import { forbidden, notFound } from "../utils/responses.server";

/**
 * An attachment, as a download, to someone allowed to see it. Staff whose roles see no
 * attachments are refused (403) before any look-up; for everyone else a malformed id, someone
 * else's file and a file that does not exist are the same 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, context);
  if (viewer.user.kind === "staff" && !hasAttachmentRole(viewer.roles)) throw forbidden();
  const attachmentId = params.id ?? "";
  if (!isUuid(attachmentId)) throw notFound();
  try {
    const { attachment, bytes } = await getAttachmentForViewer(context.services.domain, {
      attachmentId,
      viewer: { userId: viewer.user.id, kind: viewer.user.kind, roles: viewer.roles },
    });
    return fileDownload(attachment, bytes);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") throw notFound();
    throw error;
  }
}
