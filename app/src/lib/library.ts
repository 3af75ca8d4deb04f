import { SEARCH_HIT_KINDS, TEMPLATE_KINDS, type SearchHitKind, type TemplateKind } from "@regiotafel/domain";

// Pure helpers of the library, publishing and search pages.

/** The query parameters of the library page: words, kind and tag. */
export const LIBRARY_PARAMS = { query: "q", kind: "soort", tag: "tag" } as const;

export interface LibraryFilter {
  query: string;
  kind: TemplateKind | null;
  tag: string;
}

export function isTemplateKind(value: unknown): value is TemplateKind {
  return TEMPLATE_KINDS.some((kind) => kind === value);
}

/** The library filter in a URL; an unknown kind is ignored, words and tag are trimmed. */
export function readLibraryFilter(params: URLSearchParams): LibraryFilter {
  const kind = params.get(LIBRARY_PARAMS.kind);
  return {
    query: (params.get(LIBRARY_PARAMS.query) ?? "").trim().slice(0, 200),
    kind: isTemplateKind(kind) ? kind : null,
    tag: (params.get(LIBRARY_PARAMS.tag) ?? "").trim().toLowerCase().slice(0, 40),
  };
}

/** "?soort=…&tag=…" for a filter (empty parts left out; "" when nothing is filtered). */
export function libraryQueryString(filter: Partial<LibraryFilter>): string {
  const params = new URLSearchParams();
  if (filter.query) params.set(LIBRARY_PARAMS.query, filter.query);
  if (filter.kind) params.set(LIBRARY_PARAMS.kind, filter.kind);
  if (filter.tag) params.set(LIBRARY_PARAMS.tag, filter.tag);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Tags in one box, as the contract reads them back (splitWords). */
export function formatTags(tags: readonly string[]): string {
  return tags.join(", ");
}

/** The kind of workspace record a template of `kind` is published from (null: needs no source). */
export type SourceType = "document" | "assessment" | "tender";

export function sourceTypeOf(kind: TemplateKind): SourceType | null {
  switch (kind) {
    case "STRATEGY_OUTLINE":
    case "PROJECT_ASSIGNMENT":
      return "document";
    case "SCENARIO_MATRIX":
      return "assessment";
    case "MILESTONE_PLAN":
    case "LOT_STRUCTURE":
      return "tender";
    case "NVO_CHECKLIST":
      return null;
  }
}


/** The page of a record made from a template. */
export function createdRecordHref(workspace: string, created: { type: "document" | "assessment" | "tender"; id: string }): string {
  const section = { document: "documenten", assessment: "scenarios", tender: "aanbestedingen" }[created.type];
  return `/w/${workspace}/${section}/${created.id}`;
}

/**
 * A milestone's day relative to the plan's start, signed: "+21", "−60" (a real minus sign),
 * "0"; null for a milestone without a date.
 */
export function signedDays(offsetDays: number | null): string | null {
  if (offsetDays === null) return null;
  if (offsetDays > 0) return `+${offsetDays}`;
  if (offsetDays < 0) return `\u2212${-offsetDays}`;
  return "0";
}

export interface SearchHitLink {
  kind: SearchHitKind;
  id: string;
  workspace: { slug: string } | null;
  parentId: string | null;
}

/**
 * The page a search hit opens: a document or tender its own page, a lot its tender's page, a
 * decision the workspace's governance page, a template its library page. null when the hit
 * lacks what its link needs (a workspace hit without workspace, a lot without tender).
 */
export function searchHitHref(hit: SearchHitLink): string | null {
  if (hit.kind === "template") return `/bibliotheek/${hit.id}`;
  if (!hit.workspace) return null;
  const base = `/w/${hit.workspace.slug}`;
  switch (hit.kind) {
    case "document":
      return `${base}/documenten/${hit.id}`;
    case "tender":
      return `${base}/aanbestedingen/${hit.id}`;
    case "lot":
      return hit.parentId ? `${base}/aanbestedingen/${hit.parentId}` : null;
    case "decision":
      return `${base}/governance`;
  }
}

/** Hits grouped by kind, in SEARCH_HIT_KINDS order, keeping the server's order within a group; empty groups left out. */
export function groupHits<H extends { kind: SearchHitKind }>(hits: readonly H[]): { kind: SearchHitKind; hits: H[] }[] {
  return SEARCH_HIT_KINDS.map((kind) => ({ kind, hits: hits.filter((h) => h.kind === kind) })).filter((g) => g.hits.length > 0);
}


/**
 * Whether every section heading carries its own number ("1. Inleiding", "2.3 Segmenten",
 * "4) Doelen"): the list then shows no numbers of its own, or they would read "1. 1. Inleiding".
 */
export function headingsNumbered(sections: readonly { heading: string }[]): boolean {
  return sections.length > 0 && sections.every((s) => /^\s*\d+(?:\.\d+)*[.)]?\s/.test(s.heading));
}
