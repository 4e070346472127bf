import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../utils/auth.server";
import { getAttachmentForViewer, isAppError, isUuid } from "../utils/domain.server";
import { fileDownload } from "../utils/downloads.server";
import { notFound } from "../utils/responses.server";

/**
 * An attachment, as a download, to someone allowed to see it. Everything else is the same 404:
 * a malformed id, someone else's file, a file that does not exist.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, context);
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
