import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type RecordChange } from "@regiotafel/domain";
import { AddFigureForm } from "~/components/market/FigureForms";
import { FiguresTable } from "~/components/market/FiguresTable";
import { MarketCharts } from "~/components/market/MarketCharts";
import { MarketFeedback } from "~/components/market/MarketFeedback";
import { MarketTotals } from "~/components/market/MarketTotals";
import { YearChoice } from "~/components/market/YearChoice";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { EDIT_PARAM } from "~/components/records/RowEditForm";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { figureValues, type FigureFormValues } from "~/lib/market";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { submitForm, type Submitted } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

// The market analysis page (marktanalyse): a year's figures per lot or submarket, totals per
// domain and charts, with add/edit/remove and undo; live. Its parts are in ~/components/market.

export const handle: WorkspaceHandle = { crumb: "ws.nav.market" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.market") }];

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

/** What a figure's change reports to the page: the figure, its label and year (for the message), and a removed figure's values (for undo). */
interface Done {
  figureId: string;
  label: string;
  year: string;
  removed?: FigureFormValues;
}

/** One intent: its contract reads the form (`fixed`: the workspace and the record of the post win), its call reports what was done. */
type Intent = (context: AppLoadContext, form: FormData, workspace: string) => Promise<Submitted<unknown, Done>>;

/** Adds a figure; undo adds a removed figure again. */
const addFigure: Intent = (context, form, workspace) =>
  submitForm(context, rec.addMarketFigure, form, { workspace }, async (input) => ({
    figureId: (await context.api.market.add(input)).id,
    label: input.label,
    year: String(input.year),
  }));

/** The page's forms, by their `intent`. */
const INTENTS: Record<"add" | "update" | "remove" | "undo", Intent> = {
  add: addFigure,
  undo: addFigure,
  update: (context, form, workspace) =>
    submitForm(context, rec.updateMarketFigure, form, { workspace, figureId: formText(form, "figureId") }, async (input) => {
      await context.api.market.update(input);
      return { figureId: input.figureId, label: input.label, year: String(input.year) };
    }),
  remove: (context, form, workspace) =>
    submitForm(context, rec.removeMarketFigure, form, { workspace, figureId: formText(form, "figureId") }, async (input) => {
      // What the figure held, so that the message can offer to add it back (the remove button posts its year).
      const market = await context.api.market.get({ workspace, year: yearParam(formText(form, "year")) });
      const figure = market.figures.find((f) => f.id === input.figureId);
      await context.api.market.remove(input);
      return { figureId: input.figureId, label: figure?.label ?? "", year: figure ? String(figure.year) : "", removed: figure && figureValues(figure, context.locale) };
    }),
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form, params.workspace ?? "");
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return refused({ intent, figureId: formText(form, "figureId"), at, reply: result.reply }, result.error);
  return { ok: true as const, intent, at, ...result.data };
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
            <Heading level={1}>{t("market.title")}</Heading>
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
