import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type ErrorDescription, type RecordChange } from "@regiotafel/domain";
import { AddFigureForm } from "~/components/market/FigureForms";
import { FiguresTable } from "~/components/market/FiguresTable";
import { MarketCharts } from "~/components/market/MarketCharts";
import { MarketFeedback } from "~/components/market/MarketFeedback";
import { MarketTotals } from "~/components/market/MarketTotals";
import { YearChoice } from "~/components/market/YearChoice";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { EDIT_PARAM } from "~/components/records/RowEditForm";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formInput, formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { FIGURE_FIELDS, type FigureValues } from "~/lib/market";
import { readIntent, refused } from "~/lib/record-actions.server";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

// The market analysis page (marktanalyse): a year's figures per lot or submarket, totals per
// domain and charts, with add/edit/remove and undo; live. Its parts are in ~/components/market.

export const handle: WorkspaceHandle = { crumb: "ws.nav.market" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Marktanalyse") }];

/** `?jaar=2019`; anything else shows the latest year with figures. */
function yearParam(value: string | null): number | undefined {
  const year = Number(value);
  return value && Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const year = yearParam(new URL(request.url).searchParams.get("jaar"));
  const market = await load(context, request, () => context.api.market.get({ workspace: params.workspace ?? "", year }));
  return { market };
}

/** After every post the data reloads; opening a figure for editing only changes the query string: no need to load the data again. */
export const shouldRevalidate = revalidateAfterPost((current, next) => {
  const withoutEdit = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete(EDIT_PARAM);
    return params.toString();
  };
  return withoutEdit(current) === withoutEdit(next);
});

const INTENTS = ["add", "update", "remove", "undo"] as const;

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntent(request, INTENTS);
  const workspace = params.workspace ?? "";
  const figureId = formText(form, "figureId");
  const values = Object.fromEntries(FIGURE_FIELDS.map((f) => [f, formText(form, f)])) as FigureValues;
  const fail = (error: ErrorDescription, failedValues = values) => refused({ intent, figureId, values: failedValues, at }, error);
  const done = (id: string, doneValues = values) => ({ ok: true as const, intent, figureId: id, values: doneValues, at });

  switch (intent) {
    case "add":
    case "undo": {
      const result = await mutate(context, () => context.api.market.add(formInput(rec.addMarketFigure, form, { workspace })));
      return result.ok ? done(result.data.id) : fail(result.error);
    }
    case "update": {
      const result = await mutate(context, () => context.api.market.update(formInput(rec.updateMarketFigure, form, { workspace, figureId })));
      return result.ok ? done(figureId) : fail(result.error);
    }
    case "remove": {
      // What the figure held, so that the message can offer to add it back.
      const year = yearParam(values.year);
      const market = await mutate(context, () => context.api.market.get({ workspace, year }));
      const figure = market.ok ? market.data.figures.find((f) => f.id === figureId) : undefined;
      const text = (n: number | null) => (n === null ? "" : String(n));
      const removed: FigureValues = figure
        ? {
            label: figure.label,
            domain: figure.domain ?? "",
            year: String(figure.year),
            spend: String(figure.spend),
            providers: text(figure.providers),
            clients: text(figure.clients),
            top3Share: text(figure.top3Share),
            top10Share: text(figure.top10Share),
            lotId: figure.lotId ?? "",
          }
        : values;
      const result = await mutate(context, () => context.api.market.remove({ workspace, figureId }));
      return result.ok ? done(figureId, removed) : fail(result.error, removed);
    }
  }
}

export default function MarketAnalysis() {
  const { market } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const navigation = useNavigation();
  // Our own saves reload the data with their response; see the staffing page.
  const live = useLiveRecords(
    overview.slug,
    "market",
    (change: RecordChange) => change.entityType === "market" && !(change.actorId === overview.me.userId && navigation.state !== "idle"),
  );
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={2}>{t("market.title")}</Heading>
            <LivePresence live={live} />
          </div>
          <Paragraph>{t("market.intro")}</Paragraph>
          {!market.canAdd && <Paragraph className="rt-muted rt-small">{t("market.readOnly")}</Paragraph>}
        </div>
        {market.years.length > 0 && <YearChoice market={market} />}
        <MarketFeedback />
        {market.figures.length === 0 ? (
          <Paragraph className="rt-empty rt-card">{t(market.canAdd ? "market.empty.editor" : "market.empty")}</Paragraph>
        ) : (
          <>
            <FiguresTable market={market} />
            <MarketTotals market={market} />
            <MarketCharts market={market} />
          </>
        )}
        {market.canAdd && <AddFigureForm market={market} />}
      </div>
    </OutcomeProvider>
  );
}
