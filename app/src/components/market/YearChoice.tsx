import { Form } from "@remix-run/react";
import { Button } from "@utrecht/component-library-react";
import { SelectField } from "~/components/FormFields";
import { CsvLink } from "~/components/records/ExportLinks";
import { useWorkspace } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import type { Market } from "./market-page";

/** The year shown: a GET form (works without JavaScript), and the CSV of that year. */
export function YearChoice({ market }: { market: Market }) {
  const t = useT();
  const overview = useWorkspace();
  return (
    <div className="rt-section-header">
      <Form method="get" className="rt-filter rt-year-form" aria-label={t("market.year.choose")}>
        <SelectField
          name="jaar"
          idPrefix="view-"
          label={t("market.year")}
          defaultValue={String(market.year ?? "")}
          key={market.year ?? ""}
          options={market.years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("market.year.show")}
        </Button>
      </Form>
      {market.year !== null && <CsvLink workspace={overview.slug} table="marktanalyse" query={{ jaar: String(market.year) }} />}
    </div>
  );
}
