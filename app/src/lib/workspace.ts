import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/routes/w.$workspace";
import type { T } from "~/i18n/use-t";

export const WORKSPACE_ROUTE = "routes/w.$workspace";

/** The workspace overview loaded once by the layout route, for its child pages. */
export function useWorkspace() {
  const data = useRouteLoaderData<typeof loader>(WORKSPACE_ROUTE);
  if (!data) throw new Error("useWorkspace outside /w/:workspace");
  return data.overview;
}

export type WorkspaceOverview = ReturnType<typeof useWorkspace>;
export type WorkspaceMember = WorkspaceOverview["members"][number];
export type WorkspaceMunicipality = WorkspaceOverview["regions"][number]["municipalities"][number];

/**
 * What a child page of a workspace puts in its route `handle` (ADR 0028): `crumb` is the message
 * key of its section (a tab), the breadcrumb's step after the workspace; a page with a title of its
 * own below that section (a tender, a document, the archived documents) names it with `title`,
 * from its loader data, and the breadcrumb gets one more step. The page's `h1` is the breadcrumb's
 * last step.
 */
export interface WorkspaceHandle<Data = unknown> {
  crumb?: string;
  /** The page's own title from its loader data (undefined while it has none: an error page). */
  title?(data: Data | undefined, t: T): string | null | undefined;
}

/** "Leden · Samenwerking … Limburg — Regiotafel": page title for a workspace's child page. */
export function workspaceTitle(matches: readonly { id: string; data?: unknown }[], section?: string): string {
  const data = matches.find((m) => m.id === WORKSPACE_ROUTE)?.data as { overview?: { name?: string } } | undefined;
  return [section, data?.overview?.name].filter(Boolean).join(" · ") + (data?.overview?.name || section ? " — Regiotafel" : "Regiotafel");
}
