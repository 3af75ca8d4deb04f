import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation, useMatches, type ShouldRevalidateFunction } from "@remix-run/react";
import { BreadcrumbNav, BreadcrumbNavLink, BreadcrumbNavSeparator, Heading, Paragraph } from "@utrecht/component-library-react";
import { slugSchema } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";
import { workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { RemixLink } from "~/components/RemixLink";

export const meta: MetaFunction<typeof loader> = ({ matches }) => [{ title: workspaceTitle(matches) }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  // A malformed slug, a missing workspace and someone else's workspace all look the same: 404.
  const slug = slugSchema.safeParse(params.workspace);
  if (!slug.success) throw new Response("Niet gevonden", { status: 404 });
  const overview = await load(context, request, () => context.api.workspace.overview({ workspace: slug.data }));
  return { overview };
}

/**
 * The overview does not depend on the query string, so changing only that (the history
 * filter, the remove confirmation on Leden) does not reload it. After any form post it does.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  const submitted = formMethod !== undefined && formMethod.toUpperCase() !== "GET";
  if (!submitted && currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search) return false;
  return defaultShouldRevalidate;
};

export default function WorkspaceLayout() {
  const { overview } = useLoaderData<typeof loader>();
  const t = useT();
  const matches = useMatches();
  const { pathname } = useLocation();
  const crumb = matches.map((m) => (m.handle as WorkspaceHandle | undefined)?.crumb).findLast(Boolean);
  const base = `/w/${overview.slug}`;
  const tabs = [
    { to: base, label: t("ws.nav.overview"), end: true },
    { to: `${base}/documenten`, label: t("ws.nav.documents"), end: false },
    { to: `${base}/aanbestedingen`, label: t("ws.nav.tenders"), end: false },
    { to: `${base}/planning`, label: t("ws.nav.timeline"), end: false },
    { to: `${base}/formatie`, label: t("ws.nav.staffing"), end: false },
    { to: `${base}/governance`, label: t("ws.nav.governance"), end: false },
    { to: `${base}/bovenregionaal`, label: t("ws.nav.segments"), end: false },
    { to: `${base}/marktanalyse`, label: t("ws.nav.market"), end: false },
    { to: `${base}/scenarios`, label: t("ws.nav.scenarios"), end: false },
    { to: `${base}/leden`, label: t("ws.nav.members"), end: false },
    { to: `${base}/wijzigingen`, label: t("ws.nav.history"), end: false },
  ];
  return (
    <div className="rt-stack">
      <BreadcrumbNav aria-label={t("common.breadcrumb")} className="rt-breadcrumb">
        <BreadcrumbNavLink href="/" index={0} Link={RemixLink}>
          {t("nav.workspaces")}
        </BreadcrumbNavLink>
        <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
        <BreadcrumbNavLink href={base} index={1} current={!crumb} Link={RemixLink}>
          {overview.name}
        </BreadcrumbNavLink>
        {crumb && (
          <>
            <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
            <BreadcrumbNavLink href={pathname} index={2} current Link={RemixLink}>
              {t(crumb)}
            </BreadcrumbNavLink>
          </>
        )}
      </BreadcrumbNav>
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("ws.eyebrow")}</p>
        <Heading level={1}>{overview.name}</Heading>
        {overview.description && <Paragraph className="rt-lead">{overview.description}</Paragraph>}
      </header>
      <nav className="rt-tabs" aria-label={t("ws.nav", { name: overview.name })}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end} prefetch="intent" className={({ isActive }) => (isActive ? "rt-tab rt-tab--active" : "rt-tab")}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="rt-workspace-page">
        <Outlet />
      </div>
    </div>
  );
}
