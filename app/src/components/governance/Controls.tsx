import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { useT } from "~/i18n/use-t";
import { useBusy, useFormOutcome, type FormFailure } from "~/components/records/outcome";

/**
 * A disclosure (details/summary): opens and closes with the keyboard and without JavaScript.
 * `open` opens it on render, e.g. to show a refused form again; give it a new `key` to close it
 * after a successful save.
 */
export function Disclosure({ summary, open, children, className }: { summary: ReactNode; open?: boolean; children: ReactNode; className?: string }) {
  return (
    <details className={["rt-disclosure", className].filter(Boolean).join(" ")} open={open || undefined}>
      <summary className="rt-disclosure__summary">{summary}</summary>
      <div className="rt-disclosure__body rt-stack">{children}</div>
    </details>
  );
}

/** "—" for a missing value, read out as "niet ingevuld". */
export function Empty() {
  const t = useT();
  return (
    <>
      <span aria-hidden="true">{t("common.none")}</span>
      <span className="rt-visually-hidden">{t("common.notSet")}</span>
    </>
  );
}

/** Text typed over several lines, shown with its line breaks. */
export function MultilineText({ text }: { text: string }) {
  return text ? <span className="rt-multiline">{text}</span> : <Empty />;
}

/**
 * Remove in two steps: "Verwijderen" is a link that opens a confirmation (query parameter
 * `param` = `id`, so it works without JavaScript); the confirmation posts `intent` with the
 * hidden `fields`. Focus moves to "Ja, verwijderen" and back to "Verwijderen" on cancel.
 */
export function RemoveControl({
  param,
  id,
  name,
  question,
  intent,
  formKey,
  fields,
}: {
  param: string;
  id: string;
  /** What is removed, added to the link text for screen readers. */
  name: string;
  question: string;
  intent: string;
  formKey: string;
  /** Hidden fields; a list is sent as one field per value. */
  fields: Record<string, string | readonly string[]>;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const confirming = params.get(param) === id;
  const busy = useBusy(formKey);
  const outcome = useFormOutcome(formKey);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLAnchorElement>(null);
  const wasConfirming = useRef(confirming);
  useEffect(() => {
    if (confirming && !wasConfirming.current) confirmRef.current?.focus();
    if (!confirming && wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  const without = new URLSearchParams(params);
  without.delete(param);
  const withConfirm = new URLSearchParams(without);
  withConfirm.set(param, id);
  const query = (p: URLSearchParams) => (p.toString() ? `?${p}` : "");
  const questionId = `confirm-${formKey.replace(/[^\w-]/g, "-")}`;

  if (confirming) {
    return (
      <Form method="post" action={`${pathname}${query(without)}`} preventScrollReset className="rt-confirm" aria-labelledby={questionId}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="formKey" value={formKey} />
        <HiddenFields fields={fields} />
        <p id={questionId} className="rt-confirm__question">
          {question}
        </p>
        <div className="rt-inline-form">
          <Button type="submit" appearance="primary-action-button" hint="danger" busy={busy} ref={confirmRef}>
            {t("governance.removeYes")}
          </Button>
          <Link to={`${pathname}${query(without)}`} replace preventScrollReset className="utrecht-link">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    );
  }
  return (
    <>
      <Link
        ref={removeRef}
        to={`${pathname}${query(withConfirm)}`}
        replace
        preventScrollReset
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle rt-remove-link"
      >
        {t("record.remove")}
        <span className="rt-visually-hidden"> {name}</span>
      </Link>
      {outcome && !outcome.ok && (
        <p role="alert" className="rt-field-error rt-row-error">
          {outcome.error.message}
        </p>
      )}
    </>
  );
}

/**
 * Why a form was refused: after a stale write the page shows the newest state and the form
 * keeps what the user typed (record.stale); otherwise the message for the whole form.
 */
export function FailureAlert({ failure, formError }: { failure: FormFailure | undefined; formError: string | null }) {
  const t = useT();
  return <ErrorAlert>{failure?.conflict ? t("record.stale") : formError}</ErrorAlert>;
}

/** Hidden inputs for a record's values; a list becomes one input per value. */
export function HiddenFields({ fields }: { fields: Record<string, string | readonly string[]> }) {
  return (
    <>
      {Object.entries(fields).flatMap(([name, value]) =>
        (typeof value === "string" ? [value] : value).map((v, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={v} />),
      )}
    </>
  );
}
