import type { FieldMetadata } from "@conform-to/react";
import { useT } from "../utils/i18n";
import { Field, TextAreaField } from "./forms";

/** The fields of a canned reply, the same when adding and when editing one. */
export function CannedReplyFields({ fields }: { fields: Record<"title" | "textZh" | "textEn", FieldMetadata<string>> }) {
  const t = useT();
  return (
    <>
      <Field label={t("canned.field_title")} meta={fields.title} />
      <TextAreaField label={t("canned.text_zh")} meta={fields.textZh} />
      <TextAreaField label={t("canned.text_en")} meta={fields.textEn} />
    </>
  );
}
