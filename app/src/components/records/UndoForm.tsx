import { Form } from "@remix-run/react";
import { Button, Paragraph } from "@utrecht/component-library-react";
import { useT } from "~/i18n/use-t";
import { HiddenFields } from "./HiddenFields";

/**
 * The message after a removal with an "Ongedaan maken" button: it posts `fields` (the undo
 * intent and the removed record's values) to add the record again. `hint` tells screen readers
 * what is restored; `note` explains what undo does not bring back.
 */
export function UndoForm(props: {
  message: string;
  note?: string;
  fields: Readonly<Record<string, string | readonly string[]>>;
  action?: string;
  busy?: boolean;
  hint?: string;
  className?: string;
}) {
  const { message, note, fields, action, busy, hint, className = "rt-alert-row" } = props;
  const t = useT();
  return (
    <div className={className}>
      <Paragraph>{message}</Paragraph>
      {note && <Paragraph className="rt-small">{note}</Paragraph>}
      <Form method="post" action={action} preventScrollReset>
        <HiddenFields fields={fields} />
        <Button type="submit" appearance="secondary-action-button" busy={busy}>
          {t("record.undo")}
          {hint && <span className="rt-visually-hidden"> ({hint})</span>}
        </Button>
      </Form>
    </div>
  );
}
