import { Form, Link, useSearchParams } from "@remix-run/react";
import { forwardRef, useRef, type ReactNode, type RefObject } from "react";
import { Button } from "@utrecht/component-library-react";
import { useFocusOnToggle } from "~/components/Feedback";
import { useT } from "~/i18n/use-t";
import { HiddenFields } from "./HiddenFields";

const LINK_BUTTON = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle";

/**
 * The second step of a confirmed action (remove, lock): the question, a danger button that posts
 * `fields` to `action`, and "Annuleren" back to `cancelTo`; `children` say more under the question.
 */
export function ConfirmStep(props: {
  questionId: string;
  question: string;
  action: string;
  fields: Readonly<Record<string, string | number | readonly string[]>>;
  yesLabel: string;
  busy: boolean;
  cancelTo: string;
  confirmRef?: RefObject<HTMLButtonElement>;
  className?: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Form method="post" action={props.action} preventScrollReset className={props.className ?? "rt-confirm"} aria-labelledby={props.questionId}>
      <HiddenFields fields={props.fields} />
      <p id={props.questionId} className="rt-confirm__question">
        {props.question}
      </p>
      {props.children}
      <div className="rt-inline-form">
        <Button type="submit" appearance="primary-action-button" hint="danger" busy={props.busy} ref={props.confirmRef}>
          {props.yesLabel}
        </Button>
        <Link to={props.cancelTo} replace preventScrollReset className="utrecht-link">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/**
 * Remove in two steps: "Verwijderen" is a link that opens the confirmation (a query parameter, so
 * it works without JavaScript; the page says whether it is `confirming`), whose button posts the
 * removal. Focus moves to the confirm button when it opens and back to "Verwijderen" on cancel.
 * The link's accessible name is `label`, or "Verwijderen" and `name`. `wrap` puts the link
 * among the row's other actions; `error` is why the last removal was refused.
 */
export function RemoveControl(props: {
  confirming: boolean;
  /** Where "Verwijderen" goes (opens the confirmation). */
  to: string;
  label?: string;
  name?: string;
  questionId: string;
  question: string;
  action: string;
  fields: Readonly<Record<string, string | readonly string[]>>;
  yesLabel: string;
  busy: boolean;
  cancelTo: string;
  error?: string | null;
  wrap?: (link: ReactNode) => ReactNode;
  /** Said under the question: what the removal takes along. */
  details?: string | null;
}) {
  const t = useT();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLAnchorElement>(null);
  useFocusOnToggle(props.confirming, { opened: confirmRef, closed: removeRef });
  if (props.confirming) {
    const { questionId, question, action, fields, yesLabel, busy, cancelTo } = props;
    return (
      <ConfirmStep {...{ questionId, question, action, fields, yesLabel, busy, cancelTo, confirmRef }}>
        {props.details && <p className="rt-small">{props.details}</p>}
      </ConfirmStep>
    );
  }
  const link = (
    <Link ref={removeRef} to={props.to} replace preventScrollReset className={`${LINK_BUTTON} rt-remove-link`} aria-label={props.label}>
      {t("record.remove")}
      {props.name !== undefined && <span className="rt-visually-hidden"> {props.name}</span>}
    </Link>
  );
  return (
    <>
      {props.wrap ? props.wrap(link) : link}
      {props.error && <RowError>{props.error}</RowError>}
    </>
  );
}

/**
 * The confirmation of a RemoveControl opened by query parameter `param` = `id`: whether it is
 * open, and the query parameters that open and close it (the page's other parameters kept).
 */
export function useConfirmParam(param: string, id: string): { confirming: boolean; open: URLSearchParams; close: URLSearchParams } {
  const [params] = useSearchParams();
  const close = new URLSearchParams(params);
  close.delete(param);
  const open = new URLSearchParams(close);
  open.set(param, id);
  return { confirming: params.get(param) === id, open, close };
}

/** "Wijzigen" as a link that opens a record's edit form; its accessible name is `label`, or "Wijzigen" and `name`. */
export const EditLink = forwardRef<HTMLAnchorElement, { to: string; replace?: boolean; label?: string; name?: string }>(function EditLink({ to, replace, label, name }, ref) {
  const t = useT();
  return (
    <Link ref={ref} to={to} replace={replace} preventScrollReset className={LINK_BUTTON} aria-label={label}>
      {t("record.edit")}
      {name !== undefined && <span className="rt-visually-hidden"> {name}</span>}
    </Link>
  );
});

/** Remove in one step (the page offers undo afterwards): a small form with "Verwijderen" and `name` for screen readers. */
export function RemoveButton({ action, fields, name, busy, error }: { action: string; fields: Readonly<Record<string, string | number>>; name: string; busy: boolean; error?: string | null }) {
  const t = useT();
  return (
    <Form method="post" action={action} preventScrollReset>
      <HiddenFields fields={fields} />
      <Button type="submit" appearance="subtle-button" className="rt-remove-link" busy={busy}>
        {t("record.remove")}
        <span className="rt-visually-hidden"> {name}</span>
      </Button>
      {error && <RowError>{error}</RowError>}
    </Form>
  );
}

/** Why an action in a table row was refused, announced at once. */
export function RowError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p role="alert" id={id} className="rt-field-error rt-row-error">
      {children}
    </p>
  );
}
