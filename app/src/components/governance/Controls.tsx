import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Empty } from "~/components/records/Empty";
import { useBusy, useFormOutcome } from "~/components/records/outcome";
import { RemoveControl, useConfirmParam } from "~/components/records/RemoveControl";
import { useT } from "~/i18n/use-t";

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

/**
 * A form in a Disclosure: open again after the form's last submit was refused (or when `open`),
 * closed after a save (a new key). The summary is `summary`, or "Wijzigen" and `name` for
 * screen readers.
 */
export function FormDisclosure({ formKey, summary, name, open = false, children }: { formKey: string; summary?: ReactNode; name?: string; open?: boolean; children: ReactNode }) {
  const t = useT();
  const outcome = useFormOutcome(formKey);
  return (
    <Disclosure
      key={outcome?.ok ? outcome.at : "form"}
      open={open || (outcome ? !outcome.ok : false)}
      summary={
        summary ?? (
          <>
            {t("record.edit")}
            <span className="rt-visually-hidden"> {name}</span>
          </>
        )
      }
    >
      {children}
    </Disclosure>
  );
}

/** Text typed over several lines, shown with its line breaks. */
export function MultilineText({ text }: { text: string }) {
  return text ? <span className="rt-multiline">{text}</span> : <Empty />;
}

/**
 * Remove in two steps (RemoveControl) on the governance and segments pages: the confirmation
 * opens with query parameter `param` = `id` (other query parameters stay) and posts `intent`
 * with the form key and the hidden `fields`.
 */
export function GovernanceRemove({
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
  const { confirming, open, close } = useConfirmParam(param, id);
  const { pathname } = useLocation();
  const busy = useBusy(formKey);
  const outcome = useFormOutcome(formKey);
  const url = (p: URLSearchParams) => `${pathname}${p.toString() ? `?${p}` : ""}`;
  return (
    <RemoveControl
      confirming={confirming}
      to={url(open)}
      name={name}
      questionId={`confirm-${formKey.replace(/[^\w-]/g, "-")}`}
      question={question}
      action={url(close)}
      fields={{ intent, formKey, ...fields }}
      yesLabel={t("governance.removeYes")}
      busy={busy}
      cancelTo={url(close)}
      error={outcome && !outcome.ok ? outcome.error.message : null}
    />
  );
}
