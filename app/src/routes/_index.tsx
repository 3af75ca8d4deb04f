import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { load, requireUser } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Mijn werkruimtes — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { workspaces: await load(context, request, () => context.api.workspace.list()) };
}

export default function MyWorkspaces() {
  const { workspaces } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="rt-stack">
      <h1 className="utrecht-heading-1">{t("nav.workspaces")}</h1>
      <ul className="rt-grid" style={{ listStyle: "none", padding: 0 }}>
        {workspaces.map((w) => (
          <li key={w.slug} className="rt-card">
            <h2 className="utrecht-heading-3">
              <Link className="utrecht-link" to={`/w/${w.slug}`}>
                {w.name}
              </Link>
            </h2>
            <p className="utrecht-paragraph rt-muted">{w.regions.join(" · ")}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
