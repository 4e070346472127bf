import { parseWithZod } from "@conform-to/zod/v4";
import { json, type TypedResponse } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { statusOfAppError } from "./responses.server";
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
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields }) }, 400);
  }
  try {
    return await run(submission.value as z.output<Schema>, formData);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const reply = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.userMessage] }, hideFields })
      : submission.reply({ formErrors: [error.userMessage], hideFields });
    return json({ result: reply }, statusOfAppError(error.code));
  }
}
