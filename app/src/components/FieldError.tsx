import { FormFieldErrorMessage } from "@utrecht/component-library-react";

/** The messages for one form field; the field points at this element with aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <FormFieldErrorMessage id={id} className="rt-field-error">
      {messages.join(" ")}
    </FormFieldErrorMessage>
  );
}
