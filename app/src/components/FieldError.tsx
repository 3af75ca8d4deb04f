/** The messages for one form field, announced to screen readers with the field. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="utrecht-form-field-error-message rt-field-error">
      {messages.join(" ")}
    </p>
  );
}
