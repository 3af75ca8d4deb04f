import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { BreadcrumbNav, BreadcrumbNavLink, BreadcrumbNavSeparator, Heading, Paragraph } from "@utrecht/component-library-react";
import { slugSchema } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";
import { RemixLink } from "~/components/RemixLink";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.overview.name} — Regiotafel` : "Regiotafel" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const slug = slugSchema.safeParse(params.workspace);
  if (!slug.success) throw new Response("Niet gevonden", { status: 404 });
  const overview = await load(context, request, () => context.api.workspace.overview({ workspace: slug.data }));
  return { overview };
}

export default function WorkspaceLayout() {
  const { overview } = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/w/${overview.slug}`;
  const tabs = [
    { to: base, label: t("ws.nav.overview"), end: true },
    { to: `${base}/leden`, label: t("ws.nav.members"), end: false },
    { to: `${base}/wijzigingen`, label: t("ws.nav.history"), end: false },
  ];
  return (
    <div className="rt-stack">
      <BreadcrumbNav label={t("common.breadcrumb")}>
        <BreadcrumbNavLink href="/" index={0} Link={RemixLink}>
          {t("nav.workspaces")}
        </BreadcrumbNavLink>
        <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
        <BreadcrumbNavLink href={base} index={1} current Link={RemixLink}>
          {overview.name}
        </BreadcrumbNavLink>
      </BreadcrumbNav>
      <header className="rt-stack">
        <Heading level={1}>{overview.name}</Heading>
        {overview.description && <Paragraph appearance="lead">{overview.description}</Paragraph>}
      </header>
      <nav className="rt-tabs" aria-label={t("ws.nav")}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end} className={({ isActive }) => (isActive ? "rt-tab rt-tab--active" : "rt-tab")}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
