import type { ReactNode } from "react";
import { Checkbox, Fieldset, FieldsetLegend, FormField, FormFieldDescription, FormLabel, Textarea, Textbox } from "@utrecht/component-library-react";
import { FieldError } from "~/components/FieldError";
import { fieldIds, type FieldProps } from "~/components/FormFields";
import { intlLocale } from "~/lib/format";
import { useLocale } from "~/i18n/use-t";

// Generic form fields for the record pages, next to TextField and SelectField in
// ~/components/FormFields: the same props, ids and aria wiring (label → input, description and
// error message in aria-describedby, aria-invalid after a refused submit, so that
// useFocusFirstInvalid finds the field).

/** Label, description and error message around one input. */
function Labelled(props: { ids: ReturnType<typeof fieldIds>; label: ReactNode; description?: string; errors?: string[]; type: string; children: ReactNode }) {
  const { ids, label, description, errors, type, children } = props;
  return (
    <FormField type={type} invalid={ids.invalid}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={ids.id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      <FieldError id={`${ids.id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

interface NumberFieldProps extends FieldProps {
  /** A number is shown in the user's locale ("1,5" in Dutch); a string (what the user typed) as is. */
  defaultValue?: number | string | null;
  /** Whole numbers only (numeric keyboard without a decimal separator). */
  integer?: boolean;
  /** Shown after the box, e.g. "fte", "%" or "€". */
  unit?: string;
  size?: number;
}

/**
 * A number box. It is a text box with a numeric keyboard rather than type="number", so that a
 * decimal comma ("1,5") works in every browser; the action parses it with the operation's
 * schema (formNumber in packages/domain, which reads "1,5", "1.5" and "1.250.000").
 */
export function NumberField(props: NumberFieldProps) {
  const { name, label, description, defaultValue, integer, unit, required, size = 10 } = props;
  const locale = useLocale();
  const ids = fieldIds(props);
  const shown =
    typeof defaultValue === "number" ? new Intl.NumberFormat(intlLocale(locale), { useGrouping: false, maximumFractionDigits: 10 }).format(defaultValue) : (defaultValue ?? "");
  return (
    <Labelled ids={ids} label={label} description={description} errors={props.errors} type="text">
      <span className="rt-input-with-unit">
        <Textbox
          id={ids.id}
          name={name}
          type="text"
          inputMode={integer ? "numeric" : "decimal"}
          defaultValue={shown}
          required={required}
          invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          autoComplete="off"
          spellCheck={false}
          size={size}
          className="rt-input-number"
        />
        {unit && <span className="rt-input-unit">{unit}</span>}
      </span>
    </Labelled>
  );
}

interface DateFieldProps extends FieldProps {
  /** An ISO date (yyyy-mm-dd); the browser shows it in the user's format. */
  defaultValue?: string | null;
  min?: string;
  max?: string;
}

/** A date box (the browser's date picker; without JavaScript it still posts yyyy-mm-dd). */
export function DateField(props: DateFieldProps) {
  const { name, label, description, defaultValue, required, min, max } = props;
  const ids = fieldIds(props);
  return (
    <Labelled ids={ids} label={label} description={description} errors={props.errors} type="text">
      <Textbox
        id={ids.id}
        name={name}
        type="date"
        defaultValue={defaultValue ?? ""}
        required={required}
        min={min}
        max={max}
        invalid={ids.invalid}
        aria-describedby={ids.describedBy}
        className="rt-input-date"
      />
    </Labelled>
  );
}

interface TextAreaFieldProps extends FieldProps {
  defaultValue?: string | null;
  rows?: number;
  maxLength?: number;
}

/** A labelled multi-line text box. */
export function TextAreaField(props: TextAreaFieldProps) {
  const { name, label, description, defaultValue, required, rows = 3, maxLength } = props;
  const ids = fieldIds(props);
  return (
    <Labelled ids={ids} label={label} description={description} errors={props.errors} type="textarea">
      <Textarea
        id={ids.id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        rows={rows}
        maxLength={maxLength}
        invalid={ids.invalid}
        aria-describedby={ids.describedBy}
      />
    </Labelled>
  );
}

interface CheckboxGroupFieldProps extends FieldProps {
  options: readonly { value: string; label: string }[];
  /** The values checked at first. */
  defaultValues?: readonly string[];
  /** Options shown in groups (e.g. municipalities per region); overrides `options`. */
  groups?: readonly { label: string; options: readonly { value: string; label: string }[] }[];
}

/**
 * A group of check boxes with one name (the form posts every checked value: read them with
 * `form.getAll(name)`), in a fieldset whose legend is the label. The description and error
 * message are described on the fieldset; the first box carries aria-invalid after a refusal.
 */
export function CheckboxGroupField(props: CheckboxGroupFieldProps) {
  const { name, label, description, options, defaultValues = [], groups } = props;
  const ids = fieldIds(props);
  const checked = new Set(defaultValues);
  const sets = groups ?? [{ label: "", options }];
  let index = 0;
  return (
    <Fieldset aria-describedby={ids.describedBy} invalid={ids.invalid} className="rt-checkbox-group">
      <FieldsetLegend>{label}</FieldsetLegend>
      {description && <FormFieldDescription id={ids.descriptionId}>{description}</FormFieldDescription>}
      <FieldError id={`${ids.id}-error`} messages={props.errors} />
      {sets.map((set) => (
        <div key={set.label} className="rt-checkbox-group__set" role={set.label ? "group" : undefined} aria-label={set.label || undefined}>
          {set.label && <p className="rt-checkbox-group__heading" aria-hidden="true">{set.label}</p>}
          <ul className="rt-checkbox-group__options">
            {set.options.map((option) => {
              const id = `${ids.id}-${option.value}`;
              const first = index++ === 0;
              return (
                <li key={option.value}>
                  <Checkbox
                    id={id}
                    name={name}
                    value={option.value}
                    defaultChecked={checked.has(option.value)}
                    invalid={ids.invalid && first}
                    aria-invalid={ids.invalid && first ? true : undefined}
                  />{" "}
                  <FormLabel htmlFor={id} type="checkbox">
                    {option.label}
                  </FormLabel>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </Fieldset>
  );
}
