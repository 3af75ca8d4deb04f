import { excerpt, prefixTsQuery, type SearchHitKind } from "@regiotafel/domain";
import type { Db } from "../client";

export interface SearchHit {
  kind: SearchHitKind;
  id: string;
  title: string;
  excerpt: string;
  /** Where the hit lives: a workspace (slug and name) or a network's library. */
  workspace: { slug: string; name: string } | null;
  network: string | null;
  /** The tender a lot belongs to. */
  parentId: string | null;
  rank: number;
}

/** Hits per kind at most: a search box shows the best few of each. */
const PER_KIND = 20;

interface Row {
  kind: SearchHitKind;
  id: string;
  title: string;
  body: string;
  slug: string | null;
  name: string | null;
  parent_id: string | null;
  rank: number;
}

/**
 * Full-text search (Dutch stemming, every word as a prefix) in the workspaces the user is a
 * member of — documents, tenders, lots and decisions — and in the libraries of their
 * networks. Membership is joined in SQL, so nothing of another workspace can come back.
 * `workspaceSlug` narrows it to one of the user's workspaces.
 */
export async function search(prisma: Db, userId: string, query: string, workspaceSlug: string | null = null): Promise<SearchHit[]> {
  const tsquery = prefixTsQuery(query);
  if (!tsquery) return [];
  // Each branch matches and ranks on the table's stored search_vector (GIN-indexed, migration 0004).
  const rows = await prisma.$sql<Row>(
    `WITH ws AS (
       SELECT w.id, w.slug, w.name FROM membership m JOIN workspace w ON w.id = m.workspace_id
       WHERE m.user_id = $1::uuid AND ($3::text IS NULL OR w.slug = $3)
     ),
     q AS (SELECT to_tsquery('dutch', $2) AS q),
     nets AS (
       SELECT n.id, n.name FROM organisation n
       WHERE n.kind = 'NATIONAL_NETWORK' AND $3::text IS NULL AND (
         EXISTS (SELECT 1 FROM network_member nm JOIN app_user u ON u.organisation_id = nm.organisation_id WHERE nm.network_id = n.id AND u.id = $1::uuid)
         OR EXISTS (SELECT 1 FROM network_moderator mo WHERE mo.network_id = n.id AND mo.user_id = $1::uuid)
         OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = $1::uuid AND u.organisation_id = n.id))
     )
     (SELECT 'document' AS kind, d.id, d.title, d.search_text AS body, ws.slug, ws.name, NULL::uuid AS parent_id,
             ts_rank(d.search_vector, q.q) AS rank
      FROM document d JOIN ws ON ws.id = d.workspace_id, q
      WHERE d.archived_at IS NULL AND d.search_vector @@ q.q
      ORDER BY rank DESC LIMIT ${PER_KIND})
     UNION ALL
     (SELECT 'tender', t.id, t.title, t.description, ws.slug, ws.name, NULL::uuid,
             ts_rank(t.search_vector, q.q)
      FROM tender t JOIN ws ON ws.id = t.workspace_id, q
      WHERE t.search_vector @@ q.q
      ORDER BY 8 DESC LIMIT ${PER_KIND})
     UNION ALL
     (SELECT 'lot', l.id, l.title, concat_ws(' · ', nullif(l.segment, ''), t.title, nullif(l.notes, '')), ws.slug, ws.name, t.id,
             ts_rank(l.search_vector, q.q)
      FROM lot l JOIN tender t ON t.id = l.tender_id JOIN ws ON ws.id = t.workspace_id, q
      WHERE l.search_vector @@ q.q
      ORDER BY 8 DESC LIMIT ${PER_KIND})
     UNION ALL
     (SELECT 'decision', d.id, d.title, d.decision, ws.slug, ws.name, NULL::uuid,
             ts_rank(d.search_vector, q.q)
      FROM decision d JOIN ws ON ws.id = d.workspace_id, q
      WHERE d.search_vector @@ q.q
      ORDER BY 8 DESC LIMIT ${PER_KIND})
     UNION ALL
     (SELECT 'template', t.id, v.title, v.description, NULL, nets.name, NULL::uuid,
             ts_rank(to_tsvector('dutch', v.title || ' ' || v.description || ' ' || array_to_string(v.tags, ' ')), q.q)
      FROM template t JOIN nets ON nets.id = t.network_id
      JOIN template_version v ON v.template_id = t.id AND v.number = t.published_number, q
      WHERE to_tsvector('dutch', v.title || ' ' || v.description || ' ' || array_to_string(v.tags, ' ')) @@ q.q
      ORDER BY 8 DESC LIMIT ${PER_KIND})`,
    [userId, tsquery, workspaceSlug],
  );
  return rows
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      title: r.title,
      excerpt: excerpt(r.body ?? "", query),
      workspace: r.kind === "template" || !r.slug ? null : { slug: r.slug, name: r.name ?? "" },
      network: r.kind === "template" ? r.name : null,
      parentId: r.parent_id,
      rank: Number(r.rank),
    }))
    .sort((a, b) => b.rank - a.rank);
}
