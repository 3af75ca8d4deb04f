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
