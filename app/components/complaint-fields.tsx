import type { FieldMetadata } from "@conform-to/react";
import { complaintBusinessLines, complaintCategories } from "../../db/schema/enums";
import { useT } from "../utils/i18n";
import { Field, SelectField, TextAreaField } from "./forms";

type ComplaintFieldName = "category" | "businessLine" | "whatHappened" | "whenHappened" | "product" | "branch" | "staffInvolved" | "request";

/** What a complaint says, as the customer fills it in the portal and an agent takes it down at the desk. */
// The form's fields by name, as conform's useForm hands them over for a string-keyed form.
export function ComplaintFields({ fields }: { fields: Partial<Record<ComplaintFieldName, FieldMetadata<string>>> }) {
  const t = useT();
  return (
    <>
      <SelectField
        label={t("complaint.field.category")}
        meta={fields.category!}
        options={complaintCategories.map((c) => ({ value: c, label: t(`complaint.category.${c}`) }))}
      />
      <SelectField
        label={t("complaint.field.businessLine")}
        meta={fields.businessLine!}
        options={complaintBusinessLines.map((b) => ({ value: b, label: t(`complaint.business_line.${b}`) }))}
      />
      <TextAreaField label={t("complaint.field.whatHappened")} meta={fields.whatHappened!} rows={6} />
      <Field label={t("complaint.field.whenHappened")} meta={fields.whenHappened!} />
      <Field label={t("complaint.field.product")} meta={fields.product!} />
      <Field label={t("complaint.field.branch")} meta={fields.branch!} />
      <Field label={t("complaint.field.staffInvolved")} meta={fields.staffInvolved!} />
      <TextAreaField label={t("complaint.field.request")} meta={fields.request!} />
    </>
  );
}
