import { parseWithZod } from "@conform-to/zod/v4";
import { json, type TypedResponse } from "@remix-run/node";
import type { Submission, SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { ATTACHMENTS_FIELD, validateUploads, type ValidatedUpload } from "./domain.server";
import { statusOfAppError } from "./responses.server";
import { ATTACHMENT_UPLOAD_LIMITS, parseMultipartForm } from "./uploads.server";
import { isAppError } from "./domain.server";

export type FormReply = { result: SubmissionResult<string[]> };

// The server refuses bodies over its limit before Remix sees them (server/body-size-limit.ts).
async function readFormData(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/**
 * Fields carrying a NUL character. No form of ours needs one, and PostgreSQL text cannot hold it:
 * stored as typed, it would fail the write (a 500) wherever the text is kept unencrypted.
 */
function fieldsWithNul(formData: FormData): string[] {
  const names = new Set<string>();
  for (const [name, value] of formData.entries()) if (typeof value === "string" && value.includes("\u0000")) names.add(name);
  return [...names];
}

function nulReply(submission: { reply: Submission<unknown>["reply"] }, names: string[], hideFields: string[]) {
  return json({ result: submission.reply({ fieldErrors: Object.fromEntries(names.map((name) => [name, ["error.form_invalid"]])), hideFields }) }, 400);
}

/**
 * Every form action goes through here: parse with the shared zod schema, answer field messages
 * (i18n keys) with 400, run the one domain call, and turn a broken domain rule into a message
 * on its field — never a 500. Secrets are never echoed back into the form.
 */
export async function submitForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  run: (value: z.output<Schema>, formData: FormData) => Promise<Response>,
  options: { hideFields?: string[] } = {},
): Promise<Response | TypedResponse<FormReply>> {
  const hideFields = options.hideFields ?? ["password", "code"];
  const formData = await readFormData(request);
  if (!formData) {
    return json({ result: { status: "error", error: { "": ["error.form_invalid"] } } satisfies SubmissionResult<string[]> }, 400);
  }
  const submission = parseWithZod(formData, { schema });
  const withNul = fieldsWithNul(formData);
  if (withNul.length > 0) return nulReply(submission, withNul, hideFields);
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields }) }, 400);
  }
  return runOrReply(submission, hideFields, () => run(submission.value as z.output<Schema>, formData));
}

/** Runs the domain call; a broken domain rule becomes a message on its field (or the form). */
async function runOrReply(
  submission: { reply: Submission<unknown>["reply"] },
  hideFields: string[],
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const reply = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.userMessage] }, hideFields })
      : submission.reply({ formErrors: [error.userMessage], hideFields });
    return json({ result: reply }, statusOfAppError(error.code));
  }
}

/**
 * The same for a form with attachments (multipart): files are held within the upload limits
 * and checked by content; their messages join the field messages of the rest of the form.
 */
export async function submitFormWithFiles<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  options: { existingFiles: number },
  run: (value: z.output<Schema>, files: ValidatedUpload[], formData: FormData) => Promise<Response>,
): Promise<Response | TypedResponse<FormReply>> {
  const hideFields = ["password", "code"];
  const form = await parseMultipartForm(request, ATTACHMENT_UPLOAD_LIMITS);
  if (!form) {
    return json({ result: { status: "error", error: { "": ["error.form_invalid"] } } satisfies SubmissionResult<string[]> }, 400);
  }
  const submission = parseWithZod(form.formData, { schema });
  const withNul = fieldsWithNul(form.formData);
  if (withNul.length > 0) return nulReply(submission, withNul, hideFields);
  const uploads = validateUploads(form.files[ATTACHMENTS_FIELD] ?? [], options.existingFiles);
  if (submission.status !== "success" || !uploads.ok) {
    const fieldErrors = uploads.ok ? {} : { [ATTACHMENTS_FIELD]: uploads.errors };
    const base = submission.reply({ hideFields });
    return json({ result: { ...base, status: "error" as const, error: { ...base.error, ...fieldErrors } } }, 400);
  }
  return runOrReply(submission, hideFields, () => run(submission.value as z.output<Schema>, uploads.files, form.formData));
}
