import type { ReactNode } from "react";
import { Paragraph } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { useT } from "~/i18n/use-t";

/**
 * Why a form was refused. A stale save (someone else changed the record in the meantime) gets
 * the record pages' explanation, the fields both changed (`conflicts`, as labels) and what
 * `children` add (e.g. what is stored now); any other refusal the message for the whole form.
 */
export function RefusalAlert({ stale, formError, conflicts = [], children }: { stale: boolean | undefined; formError: string | null | undefined; conflicts?: readonly string[]; children?: ReactNode }) {
  const t = useT();
  if (!stale) return <ErrorAlert>{formError}</ErrorAlert>;
  return (
    <ErrorAlert>
      <Paragraph>{t("record.stale")}</Paragraph>
      {conflicts.length > 0 && <Paragraph>{t("record.conflict.fields", { fields: conflicts.join(", ") })}</Paragraph>}
      {children}
    </ErrorAlert>
  );
}

/** After a stale save: what is stored now, next to the form that still holds the user's input. */
export function StoredNow({ intro, items }: { intro: string; items: readonly (readonly [label: string, value: ReactNode])[] }) {
  return (
    <>
      <Paragraph>{intro}</Paragraph>
      <ul className="rt-compact-list">
        {items.map(([label, value]) => (
          <li key={label}>
            {label}: {value}
          </li>
        ))}
      </ul>
    </>
  );
}
