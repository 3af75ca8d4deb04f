import { Form } from "@remix-run/react";
import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Heading } from "@utrecht/component-library-react";
import { FormActions } from "./FormActions";
import { HiddenFields } from "./HiddenFields";

/**
 * A record's edit form in its own panel below a table (a tender's lot or milestone), opened by a
 * link: the heading takes focus when it opens; `before` comes above the form (e.g. the status
 * step), `alert` says why the last save was refused. The form posts `fields` and the record's
 * fields (`children`) to `action`; `edit` is its useEditSession.
 */
export function EditPanel(props: {
  id: string;
  /** The form's id (Conform's form id, which its fields' ids start with). */
  formId?: string;
  heading: string;
  before?: ReactNode;
  alert: ReactNode;
  action: string;
  formRef: RefObject<HTMLFormElement>;
  edit: { key: string; onEdit: () => void };
  fields: Readonly<Record<string, string | number>>;
  busy: boolean;
  saveLabel: string;
  cancelTo: string;
  children: ReactNode;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const headingId = `${props.id}-heading`;
  return (
    <section id={props.id} className="rt-card rt-card--accent rt-stack" aria-labelledby={headingId}>
      <Heading level={3} appearance="utrecht-heading-4" id={headingId} ref={headingRef} tabIndex={-1}>
        {props.heading}
      </Heading>
      {props.before}
      {props.alert}
      <Form
        id={props.formId}
        key={props.edit.key}
        method="post"
        action={props.action}
        preventScrollReset
        className="rt-stack"
        noValidate
        ref={props.formRef}
        aria-labelledby={headingId}
        onInput={props.edit.onEdit}
        onChange={props.edit.onEdit}
      >
        <HiddenFields fields={props.fields} />
        {props.children}
        <FormActions busy={props.busy} label={props.saveLabel} cancelTo={props.cancelTo} />
      </Form>
    </section>
  );
}
