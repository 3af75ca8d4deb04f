import { Link, useLoaderData } from "@remix-run/react";
import { Paragraph } from "@utrecht/component-library-react";
import type { ReactNode } from "react";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { useSubmitting } from "~/components/records/outcome";
import { usePostTarget } from "~/components/records/RowEditForm";
import { UndoForm } from "~/components/records/UndoForm";
import type { loader } from "~/routes/w.$workspace.marktanalyse";
import { useT } from "~/i18n/use-t";
import { useMarketOutcome } from "./market-page";

/** The outcome of the last change in the table: saved, removed (with undo), restored. */
export function MarketFeedback() {
  const t = useT();
  const result = useMarketOutcome();
  const postTo = usePostTarget("cijfers");
  const busy = useSubmitting({ intent: "undo" });
  const done = result?.ok && result.intent !== "add" ? result : undefined;
  let message: ReactNode = null;
  if (done?.intent === "remove" && done.removed) {
    message = (
      <UndoForm
        message={t("market.removed", { label: done.label })}
        action={postTo}
        fields={{ intent: "undo", ...done.removed }}
        busy={busy}
        hint={t("market.undoHint", { label: done.label })}
      />
    );
  } else if (done && done.intent !== "remove") {
    message = <YearMessage text={t(done.intent === "update" ? "market.saved" : "market.restored", { label: done.label, year: done.year })} year={done.year} />;
  }
  const failed = result && !result.ok && (result.intent === "undo" || result.intent === "remove") ? result : undefined;
  return (
    <div id="cijfers" className="rt-stack">
      <StatusMessage focusKey={done?.at}>{message}</StatusMessage>
      <ErrorAlert>{failed?.error.message}</ErrorAlert>
    </div>
  );
}

/** A message about a figure, with a link to its year when the page shows another year. */
export function YearMessage({ text, year }: { text: string; year: string }) {
  const t = useT();
  const { market } = useLoaderData<typeof loader>();
  return (
    <div className="rt-alert-row">
      <Paragraph>{text}</Paragraph>
      {year !== String(market.year) && (
        <Link className="utrecht-link" to={`?jaar=${encodeURIComponent(year)}`}>
          {t("market.showYear", { year })}
        </Link>
      )}
    </div>
  );
}
