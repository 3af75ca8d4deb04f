import { FormField, FormFieldDescription, FormLabel, Textbox } from "@utrecht/component-library-react";
import { FieldError } from "./FieldError";

interface TextFieldProps {
  name: string;
  label: string;
  /** Prefix for ids when the same field name appears in several forms on a page. */
  idPrefix?: string;
  type?: "text" | "email" | "tel" | "password";
  defaultValue?: string | null;
  description?: string;
  errors?: string[];
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
}

/** A labelled NL Design System text box with its description and error messages wired up for screen readers. */
export function TextField({ name, label, idPrefix = "", type = "text", defaultValue, description, errors, autoComplete, required, maxLength }: TextFieldProps) {
  const id = `${idPrefix}${name}`;
  const describedBy = [description ? `${id}-description` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <FormField type="text" invalid={Boolean(errors?.length)}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      <FieldError id={`${id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue ?? ""}
          autoComplete={autoComplete}
          required={required}
          maxLength={maxLength}
          invalid={Boolean(errors?.length)}
          aria-describedby={describedBy || undefined}
        />
      </div>
    </FormField>
  );
}
