import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useT, useTranslateMessage } from "../utils/i18n";

/** A labelled input whose server messages are read out with it (aria-describedby). */
export function Field({
  label,
  meta,
  type = "text",
  hint,
  autoComplete,
}: {
  label: string;
  meta: FieldMetadata<string>;
  type?: "text" | "email" | "password" | "tel";
  hint?: string;
  autoComplete?: string;
}) {
  const translate = useTranslateMessage();
  const hintId = `${meta.id}-hint`;
  const describedBy = [hint ? hintId : null, meta.errors ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  const { key, ...inputProps } = getInputProps(meta, { type, ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input key={key} {...inputProps} autoComplete={autoComplete} aria-describedby={describedBy} />
      <FieldErrors id={meta.errorId} errors={meta.errors?.map((e) => translate(e) ?? e)} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/** Messages about the whole form (wrong password, locked account…). */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const translate = useTranslateMessage();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{translate(e)}</p>
      ))}
    </div>
  );
}

/** A labelled select whose options are translated by the caller. */
export function SelectField({
  label,
  meta,
  options,
}: {
  label: string;
  meta: FieldMetadata<string>;
  options: { value: string; label: string }[];
}) {
  const translate = useTranslateMessage();
  const { key, ...selectProps } = getSelectProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select key={key} {...selectProps} aria-describedby={meta.errors ? meta.errorId : undefined}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors?.map((e) => translate(e) ?? e)} />
    </div>
  );
}

export function TextAreaField({ label, meta, rows = 4 }: { label: string; meta: FieldMetadata<string>; rows?: number }) {
  const translate = useTranslateMessage();
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea key={key} {...props} rows={rows} aria-describedby={meta.errors ? meta.errorId : undefined} />
      <FieldErrors id={meta.errorId} errors={meta.errors?.map((e) => translate(e) ?? e)} />
    </div>
  );
}

/** A file picker for attachments; the server checks type (by content), size and count. */
export function FileField({ label, name, errors, id }: { label: string; name: string; errors?: string[]; id: string }) {
  const translate = useTranslateMessage();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        name={name}
        multiple
        accept="application/pdf,image/jpeg,image/png"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
      />
      <FieldErrors id={errorId} errors={errors?.map((e) => translate(e) ?? e)} />
    </div>
  );
}

/** A list filter in a plain GET form: "All" first, then the choices; the current value selected. */
export function FilterSelect({ name, label, value, options }: { name: string; label: string; value?: string | number; options: { value: string; label: string }[] }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value === undefined ? "" : String(value)}>
        <option value="">{t("filter.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
