import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { slugSchema } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { load, mutate, requireUser } from "~/lib/api.server";
import { countText } from "~/lib/format";
import { errorMessages } from "~/lib/forms";
import { groupHits, searchHitHref } from "~/lib/library";
import { useLocale, useT } from "~/i18n/use-t";
import { metaT, pageTitle } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: pageTitle(matches, "title.search", { own: data?.query ? `${data.query} · ${metaT(matches)("title.search")}` : undefined }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").slice(0, 200);
  const slug = slugSchema.safeParse(params.get("werkruimte") ?? "");
  const workspaces = await load(context, request, () => context.api.workspace.list());
  // Only one of the user's own workspaces narrows the search; anything else searches everywhere.
  const workspace = slug.success && workspaces.some((w) => w.slug === slug.data) ? slug.data : null;
  const choices = workspaces.map((w) => ({ slug: w.slug, name: w.name }));
  if (!query.trim()) return { query, workspace, workspaces: choices, hits: null, error: null };
  const result = await mutate(context, () => context.api.search.query({ query, workspace }));
  if (!result.ok) return { query, workspace, workspaces: choices, hits: null, error: result.error };
  return { query, workspace, workspaces: choices, hits: result.data, error: null };
}

export default function Search() {
  const { query, workspace, workspaces, hits, error } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  // A refused query is said next to the search box; anything else above the results.
  const queryErrors = error?.fieldErrors?.query;
  const formError = error && !queryErrors ? errorMessages(error) : null;
  const groups = hits ? groupHits(hits) : [];
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("search.title")}</Heading>
        <Paragraph className="rt-lead">{t("search.intro")}</Paragraph>
      </header>
      <Form method="get" className="rt-filter rt-search-form" role="search" aria-label={t("search.title")}>
        <TextField name="q" idPrefix="search-" label={t("search.field")} defaultValue={query} key={query} errors={queryErrors} maxLength={200} />
        {workspaces.length > 1 && (
          <SelectField
            name="werkruimte"
            idPrefix="search-"
            label={t("search.where")}
            defaultValue={workspace ?? ""}
            key={workspace ?? ""}
            options={[{ value: "", label: t("search.everywhere") }, ...workspaces.map((w) => ({ value: w.slug, label: w.name }))]}
          />
        )}
        <Button type="submit" appearance="primary-action-button">
          {t("search.submit")}
        </Button>
      </Form>
      <ErrorAlert>{formError}</ErrorAlert>

      {hits && (
        <div className="rt-stack" role="status">
          <Paragraph className="rt-muted">
            {hits.length === 0 ? t("search.noResults", { query }) : countText(t, locale, "search.count", hits.length)}
          </Paragraph>
        </div>
      )}
      {hits && hits.length === 0 && (
        <div className="rt-card rt-empty">
          <Paragraph>{t("search.emptyHint")}</Paragraph>
        </div>
      )}
      {groups.map((group) => (
        <section key={group.kind} className="rt-stack" aria-labelledby={`hits-${group.kind}`}>
          <Heading level={2} appearance="utrecht-heading-3" id={`hits-${group.kind}`}>
            {t(`search.kind.${group.kind}`)} <span className="rt-muted rt-search-count">({group.hits.length})</span>
          </Heading>
          <ul className="rt-plain-list rt-search-hits">
            {group.hits.map((hit) => {
              const href = searchHitHref(hit);
              return (
                <li key={`${hit.kind}-${hit.id}`} className="rt-search-hit">
                  <p className="rt-search-hit__title">
                    {href ? (
                      <Link className="utrecht-link" to={href}>
                        {hit.title}
                      </Link>
                    ) : (
                      hit.title
                    )}
                  </p>
                  {hit.excerpt && <p className="rt-search-hit__excerpt">{hit.excerpt}</p>}
                  <p className="rt-search-hit__where rt-muted rt-small">
                    {hit.workspace ? t("search.inWorkspace", { name: hit.workspace.name }) : t("search.inLibrary", { name: hit.network ?? "" })}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
