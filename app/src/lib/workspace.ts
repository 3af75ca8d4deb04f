import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/routes/w.$workspace";

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

/** What a child page of a workspace puts in its route `handle`: the breadcrumb's last step. */
export interface WorkspaceHandle {
  crumb?: string;
}

/** "Leden · Samenwerking … Limburg — Regiotafel": page title for a workspace's child page. */
export function workspaceTitle(matches: readonly { id: string; data?: unknown }[], section?: string): string {
  const data = matches.find((m) => m.id === WORKSPACE_ROUTE)?.data as { overview?: { name?: string } } | undefined;
  return [section, data?.overview?.name].filter(Boolean).join(" · ") + (data?.overview?.name || section ? " — Regiotafel" : "Regiotafel");
}
