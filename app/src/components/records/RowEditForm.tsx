import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Heading } from "@utrecht/component-library-react";
import { useFocusOnToggle } from "~/components/Feedback";
import { useHydrated } from "~/lib/use-hydrated";
import { FormActions } from "./FormActions";
import { HiddenFields } from "./HiddenFields";

// Tables whose rows open as an edit form in place (staffing lines, market figures): the row to
// edit is in the query string, so that it works without JavaScript.

/** The query parameter that opens a row's edit form. */
export const EDIT_PARAM = "wijzig";

/**
 * Where the page's forms post to: the current view (sort, filters, year) without the edit
 * parameter, so that a saved row closes. Without JavaScript the page reloads; the fragment
 * brings the user back to `anchor`.
 */
export function usePostTarget(anchor: string): string {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const rest = new URLSearchParams(params);
  rest.delete(EDIT_PARAM);
  const search = rest.toString();
  return `${pathname}${search ? `?${search}` : ""}${hydrated ? "" : `#${anchor}`}`;
}

/**
 * A row that opens as its edit form: open when the query string says so or its last save was
 * `refused`; focus returns to its edit link when the form closes by cancelling (not after a
 * save: then the saved message takes it). Gives the links to open and to cancel.
 */
export function useRowEditing(id: string, anchor: string, { canEdit, refused, saved }: { canEdit: boolean; refused: boolean; saved: boolean }) {
  const [params] = useSearchParams();
  const editing = canEdit && (params.get(EDIT_PARAM) === id || refused);
  const editLinkRef = useRef<HTMLAnchorElement>(null);
  useFocusOnToggle(editing, { closed: editLinkRef }, saved);
  const withEdit = new URLSearchParams(params);
  withEdit.set(EDIT_PARAM, id);
  const cancel = new URLSearchParams(params);
  cancel.delete(EDIT_PARAM);
  return { editing, editLinkRef, editTo: `?${withEdit}#${anchor}`, cancelTo: `?${cancel}#${anchor}` };
}

/**
 * The edit form inside a row: heading, why the last save was refused (`alert`), the record's
 * fields (`children`) and save / cancel. `edit` is the form's useEditSession. Opening it puts
 * focus in its first field (after a refusal Conform or useFocusFirstInvalid puts it on the field to correct).
 */
export function RowEditForm(props: {
  /** The form's id (Conform's form id, which its fields' ids start with). */
  formId?: string;
  action: string;
  formRef: RefObject<HTMLFormElement>;
  headingLevel: 3 | 4;
  headingId: string;
  heading: string;
  edit: { key: string; onEdit: () => void };
  alert: ReactNode;
  fields: Readonly<Record<string, string | number>>;
  busy: boolean;
  saveLabel: string;
  cancelTo: string;
  refused: boolean;
  children: ReactNode;
}) {
  const { formRef, refused } = props;
  useEffect(() => {
    if (!refused) formRef.current?.querySelector<HTMLElement>("input:not([type='hidden'])")?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the form opens
  }, []);
  return (
    <Form
      id={props.formId}
      method="post"
      action={props.action}
      preventScrollReset
      noValidate
      ref={formRef}
      className="rt-stack rt-line-form"
      aria-labelledby={props.headingId}
      key={props.edit.key}
      onChange={props.edit.onEdit}
    >
      <Heading level={props.headingLevel} appearance={`utrecht-heading-${props.headingLevel + 1}`} id={props.headingId}>
        {props.heading}
      </Heading>
      {props.alert}
      <HiddenFields fields={props.fields} />
      {props.children}
      <FormActions busy={props.busy} label={props.saveLabel} cancelTo={props.cancelTo} replace />
    </Form>
  );
}
