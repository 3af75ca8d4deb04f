import type { ReactNode } from "react";
import { FormField, FormFieldDescription, FormLabel, Select, SelectOption, Textbox } from "@utrecht/component-library-react";
import { FieldError } from "./FieldError";

export interface FieldProps {
  name: string;
  label: ReactNode;
  /** Prefix for ids when the same field name appears in several forms on a page. */
  idPrefix?: string;
  /** The input's id, when the form gives it (Conform's field id); otherwise idPrefix + name. */
  id?: string;
  description?: string;
  errors?: string[];
  required?: boolean;
}

/** The ids a field's description and error message get, and its aria-describedby. */
export function fieldIds({ name, idPrefix = "", id: given, description, errors }: FieldProps) {
  const id = given ?? `${idPrefix}${name}`;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return { id, descriptionId, errorId, describedBy, invalid: Boolean(errors?.length) };
}

interface TextFieldProps extends FieldProps {
  type?: "text" | "email" | "tel" | "password";
  defaultValue?: string | null;
  autoComplete?: string;
  maxLength?: number;
  inputMode?: "email" | "tel" | "text" | "numeric";
  /** The id of a <datalist> whose options the browser suggests as you type. */
  list?: string;
  /** Focus on render: only for the next step of a flow the user just moved on (the sign-in's password). */
  autoFocus?: boolean;
  /** A box as wide as what goes in it: "code" (a CBS code, a postcode), "short" (a year); full width otherwise. */
  width?: "code" | "short";
}

/** A labelled NL Design System text box, with its description and error message wired up for screen readers. */
export function TextField(props: TextFieldProps) {
  const { name, label, type = "text", defaultValue, description, errors, autoComplete, required, maxLength, list, width, autoFocus } = props;
  const ids = fieldIds(props);
  return (
    <FormField type="text" invalid={ids.invalid} className={width ? `rt-field--${width}` : undefined}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={ids.id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      <FieldError id={`${ids.id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">
        <Textbox
          id={ids.id}
          name={name}
          type={type}
          defaultValue={defaultValue ?? ""}
          autoComplete={autoComplete}
          inputMode={props.inputMode}
          required={required}
          maxLength={maxLength}
          list={list}
          autoFocus={autoFocus}
          invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          spellCheck={type === "text" ? undefined : false}
        />
      </div>
    </FormField>
  );
}

interface SelectFieldProps extends FieldProps {
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
}

/** A labelled NL Design System select. */
export function SelectField(props: SelectFieldProps) {
  const { name, label, description, errors, options, defaultValue } = props;
  const ids = fieldIds(props);
  return (
    <FormField type="select" invalid={ids.invalid}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={ids.id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      <FieldError id={`${ids.id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">
        <Select id={ids.id} name={name} defaultValue={defaultValue} invalid={ids.invalid} aria-describedby={ids.describedBy}>
          {options.map((o) => (
            <SelectOption key={o.value} value={o.value}>
              {o.label}
            </SelectOption>
          ))}
        </Select>
      </div>
    </FormField>
  );
}
