import { useEffect, useRef } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useLocation, useMatches, type ShouldRevalidateFunction } from "@remix-run/react";
import { BreadcrumbNav, BreadcrumbNavLink, BreadcrumbNavSeparator } from "@utrecht/component-library-react";
import { slugSchema } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";
import { type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { RemixLink } from "~/components/RemixLink";
import { workspacePageTitle } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ matches }) => [{ title: workspacePageTitle(matches) }];

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

/**
 * The workspace frame (ADR 0028): a compact header — the breadcrumb, whose workspace step is the
 * context, and the management link for admins —, the archived banner, the tab nav, then the page,
 * which opens with its own title as the page's only `h1`.
 */
export default function WorkspaceLayout() {
  const { overview } = useLoaderData<typeof loader>();
  const t = useT();
  const matches = useMatches();
  const { pathname } = useLocation();
  const page = matches.findLast((m) => (m.handle as WorkspaceHandle | undefined)?.crumb);
  const handle = page?.handle as WorkspaceHandle | undefined;
  const crumb = handle?.crumb;
  const title = handle?.title?.(page?.data, t) ?? null;
  const base = `/w/${overview.slug}`;
  const tabList = useRef<HTMLUListElement>(null);
  // Where the tab strip scrolls in its own box (too narrow for every tab), the current tab is in view.
  useEffect(() => {
    const list = tabList.current;
    const active = list?.querySelector<HTMLElement>(".rt-tab--active");
    if (!list || !active || list.scrollWidth <= list.clientWidth) return;
    const start = active.offsetLeft;
    const end = start + active.offsetWidth;
    if (start < list.scrollLeft || end > list.scrollLeft + list.clientWidth) list.scrollLeft = Math.max(0, start - (list.clientWidth - active.offsetWidth) / 2);
  }, [pathname]);
  // A record's section is its list: /w/<slug>/<section>.
  const section = pathname.split("/").slice(0, 4).join("/");
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
      <div className="rt-ws-header">
        <BreadcrumbNav aria-label={t("common.breadcrumb")} className="rt-breadcrumb">
          <BreadcrumbNavLink href="/" index={0} Link={RemixLink}>
            {t("nav.workspaces")}
          </BreadcrumbNavLink>
          <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
          <BreadcrumbNavLink href={base} index={1} current={!crumb} Link={RemixLink} className="rt-breadcrumb__workspace">
            {overview.name}
          </BreadcrumbNavLink>
          {crumb && (
            <>
              <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
              <BreadcrumbNavLink href={title ? section : pathname} index={2} current={!title} Link={RemixLink}>
                {t(crumb)}
              </BreadcrumbNavLink>
            </>
          )}
          {crumb && title && (
            <>
              <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
              <BreadcrumbNavLink href={pathname} index={3} current Link={RemixLink}>
                {title}
              </BreadcrumbNavLink>
            </>
          )}
        </BreadcrumbNav>
        {overview.me.role === "ADMIN" && (
          <Link className="rt-ws-header__manage" to={`${base}/beheer`}>
            {t("ws.manageShort")}
          </Link>
        )}
      </div>
      {overview.archived && (
        <div className="rt-banner rt-banner--archived" role="note">
          {t("ws.archivedBanner")}
        </div>
      )}
      <nav className="rt-tabs" aria-label={t("ws.nav", { name: overview.name })}>
        <ul ref={tabList}>
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
