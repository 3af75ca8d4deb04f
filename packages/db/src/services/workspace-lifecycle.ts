import {
  deletionConfirmed,
  DomainError,
  foldSearchText,
  forbidden,
  municipalityReference,
  notFound,
  workspaceStewardRefusal,
  type OrganisationForm,
  type Role,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { eventBus } from "../events";
import { recordAudit } from "./audit";
import { slugify } from "./platform";

// Workspaces as the platform creates, changes and ends them (issue 17 point 3, ADR 0022).
// A region is a row of its own that a workspace takes part in; a municipality belongs to one
// region (organisation.region_id), so it is in at most one workspace's region at a time. None
// of this reads a workspace's content: its stewards (its admins, platform administrators) see
// its name, address, state, regions, municipalities and member count.

export interface Actor {
  userId: string;
  organisationId?: string;
}

// ---------------------------------------------------------------- municipalities by name or code

interface FoundMunicipality {
  id: string;
  name: string;
  regionId: string | null;
  regionName: string | null;
}

/**
 * The current directory municipalities that `items` name (CBS code, or name in any case and
 * accents), in order and without duplicates. Names nobody matches: BAD_REQUEST
 * "workspace.unknownMunicipalities" with all of them, on `field`.
 */
export async function resolveMunicipalities(tx: Tx | Db, items: readonly string[], field: string): Promise<FoundMunicipality[]> {
  const found: FoundMunicipality[] = [];
  const unknown: string[] = [];
  for (const item of items) {
    const ref = municipalityReference(item);
    const folded = "name" in ref ? foldSearchText(ref.name).trim() : null;
    // By code; by name exactly; or by a name CBS qualifies ("Hengelo" for "Hengelo (O.)") when only one is so named.
    const rows = await tx.$queryRaw<(FoundMunicipality & { exact: boolean })[]>`
      SELECT o.id, o.name, o.region_id AS "regionId", r.name AS "regionName",
             (o.cbs_code = ${"cbsCode" in ref ? ref.cbsCode : null}::text OR btrim(o.search_name) = ${folded}::text OR lower(o.cbs_name) = lower(${"name" in ref ? ref.name : null}::text)) AS exact
      FROM organisation o LEFT JOIN region r ON r.id = o.region_id
      WHERE o.kind = 'MUNICIPALITY' AND o.ended_on IS NULL
        AND (o.cbs_code = ${"cbsCode" in ref ? ref.cbsCode : null}::text
             OR btrim(o.search_name) = ${folded}::text
             OR lower(o.cbs_name) = lower(${"name" in ref ? ref.name : null}::text)
             OR (${folded}::text <> '' AND o.search_name LIKE ' ' || ${folded}::text || ' %'))
      ORDER BY 5 DESC, o.name LIMIT 2`;
    const exact = rows.filter((r) => r.exact);
    const chosen = exact.length ? exact : rows.length === 1 ? rows : [];
    const row = chosen[0];
    if (!row) unknown.push(item);
    else if (!found.some((f) => f.id === row.id)) found.push({ id: row.id, name: row.name, regionId: row.regionId, regionName: row.regionName });
  }
  if (unknown.length) throw new DomainError("BAD_REQUEST", "workspace.unknownMunicipalities", { names: unknown.join(", ") }, field);
  return found;
}

// ---------------------------------------------------------------- creating

export interface RegionInput {
  name: string;
  organisationForm: OrganisationForm;
  municipalities: string[];
}

export interface NewWorkspace {
  name: string;
  slug: string;
  regions: RegionInput[];
}

/** A region slug not yet taken: "<workspace>-<region name>", numbered when needed. */
async function freeRegionSlug(tx: Tx, workspaceSlug: string, regionName: string) {
  const base = `${workspaceSlug}-${slugify(regionName)}`.slice(0, 60).replace(/-+$/g, "");
  let slug = base;
  for (let n = 2; await tx.region.findUnique({ where: { slug }, select: { id: true } }); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Adds one region to a workspace, with its municipalities and its governance model (the
 * organisation form). A municipality already in a region is refused (CONFLICT), naming it and
 * its region: it leaves that one first.
 */
async function insertRegion(tx: Tx, workspace: { id: string; slug: string }, region: RegionInput, field: string) {
  const taken = await tx.workspaceRegion.findFirst({ where: { workspaceId: workspace.id, region: { name: { equals: region.name, mode: "insensitive" } } } });
  if (taken) throw new DomainError("CONFLICT", "workspace.regionNameTaken", undefined, field);
  const municipalities = await resolveMunicipalities(tx, region.municipalities, field);
  await assertFree(municipalities, field);
  const created = await tx.region.create({ data: { slug: await freeRegionSlug(tx, workspace.slug, region.name), name: region.name } });
  await tx.workspaceRegion.create({ data: { workspaceId: workspace.id, regionId: created.id } });
  await tx.organisation.updateMany({ where: { id: { in: municipalities.map((m) => m.id) } }, data: { regionId: created.id } });
  await tx.governanceModel.create({ data: { workspaceId: workspace.id, regionId: created.id, organisationForm: region.organisationForm } });
  return { id: created.id, name: created.name, organisationForm: region.organisationForm, municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })) };
}

function assertFree(municipalities: FoundMunicipality[], field: string) {
  const busy = municipalities.find((m) => m.regionId !== null);
  if (busy) throw new DomainError("CONFLICT", "workspace.municipalityInOtherRegion", { name: busy.name, region: busy.regionName ?? "" }, field);
}

/**
 * A new workspace with its regions; its creator becomes its admin. The address must be free
 * (CONFLICT "workspace.slugTaken" on `slug`); every municipality named must be in the directory
 * and in no region yet. All or nothing, audited in the new workspace.
 */
export async function createWorkspace(db: Db, actor: Actor, input: NewWorkspace) {
  return createWorkspaceOnce(db, actor, input).catch((error: unknown) => {
    // Two creations with one address at once: the second's insert meets the first's row.
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "workspace.slugTaken", undefined, "slug");
    throw error;
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function createWorkspaceOnce(db: Db, actor: Actor, input: NewWorkspace) {
  return db.$transaction(async (tx) => {
    if (await tx.workspace.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw new DomainError("CONFLICT", "workspace.slugTaken", undefined, "slug");
    const names = new Set<string>();
    for (const region of input.regions) {
      const key = region.name.toLocaleLowerCase("nl");
      if (names.has(key)) throw new DomainError("CONFLICT", "workspace.regionNameTaken", undefined, "regions");
      names.add(key);
    }
    const workspace = await tx.workspace.create({ data: { slug: input.slug, name: input.name } });
    const regions = [];
    for (const region of input.regions) regions.push(await insertRegion(tx, workspace, region, "regions"));
    await tx.membership.create({ data: { userId: actor.userId, workspaceId: workspace.id, role: "ADMIN" } });
    await recordAudit(tx, { workspaceId: workspace.id, ...actor }, {
      action: "workspace.created",
      entityType: "workspace",
      entityId: workspace.id,
      after: { name: workspace.name, slug: workspace.slug, regions },
    });
    return { id: workspace.id, slug: workspace.slug, name: workspace.name, regions };
  });
}

/** Every workspace with its regions, member count and state: never its content. */
export async function listAllWorkspaces(db: Db) {
  const rows = await db.workspace.findMany({
    select: {
      id: true,
      slug: true,
      name: true,
      archivedAt: true,
      createdAt: true,
      regions: { select: { region: { select: { name: true, _count: { select: { organisations: { where: { kind: "MUNICIPALITY" } } } } } } } },
      _count: { select: { memberships: true } },
    },
    orderBy: { name: "asc" },
  });
  return rows.map((w) => ({
    id: w.id,
    slug: w.slug,
    name: w.name,
    archived: w.archivedAt !== null,
    archivedAt: w.archivedAt,
    createdAt: w.createdAt,
    memberCount: w._count.memberships,
    regions: w.regions.map((r) => ({ name: r.region.name, municipalityCount: r.region._count.organisations })).sort((a, b) => a.name.localeCompare(b.name, "nl")),
  }));
}

// ---------------------------------------------------------------- who may create

/** Allows the account with this address to create workspaces (audited at platform level). */
export async function grantWorkspaceCreator(db: Db, actor: Actor, email: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
    if (!user) throw new DomainError("NOT_FOUND", "workspace.noSuchAccount", undefined, "email");
    const existing = await tx.workspaceCreator.findUnique({ where: { userId: user.id } });
    if (!existing) {
      await tx.workspaceCreator.create({ data: { userId: user.id, grantedBy: actor.userId } });
      await recordAudit(tx, { workspaceId: null, ...actor }, { action: "workspaceCreator.granted", entityType: "user", entityId: user.id, after: { email: user.email } });
    }
    return { userId: user.id, already: existing !== null };
  });
}

/** Takes the permission back (audited); an account without it: nothing changes. */
export async function revokeWorkspaceCreator(db: Db, actor: Actor, userId: string) {
  return db.$transaction(async (tx) => {
    const removed = await tx.workspaceCreator.deleteMany({ where: { userId } });
    if (removed.count === 0) throw notFound();
    await recordAudit(tx, { workspaceId: null, ...actor }, { action: "workspaceCreator.revoked", entityType: "user", entityId: userId });
    return { userId };
  });
}

/** The accounts allowed to create workspaces. */
export async function listWorkspaceCreators(db: Db) {
  const grants = await db.workspaceCreator.findMany({ orderBy: { createdAt: "asc" } });
  const users = await db.user.findMany({ where: { id: { in: grants.map((g) => g.userId) } }, select: { id: true, name: true, email: true, organisation: { select: { name: true } } } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return grants.flatMap((g) => {
    const u = byId.get(g.userId);
    return u ? [{ userId: u.id, name: u.name, email: u.email, organisation: u.organisation.name, since: g.createdAt }] : [];
  });
}

// ---------------------------------------------------------------- a workspace's stewards

/** A steward of one workspace: its admin, or a platform administrator (member or not). */
export interface Steward extends Actor {
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  archived: boolean;
  role: Role | null;
  platformAdmin: boolean;
}

/**
 * The caller as steward of the workspace `slug`: its admins and platform administrators.
 * No such workspace, or a user who is neither a member nor a platform administrator: NOT_FOUND
 * (alike); a member below admin: FORBIDDEN.
 */
export async function resolveSteward(db: Db, userId: string, slug: string): Promise<Steward> {
  const [row] = await db.$sql<{ id: string; name: string; archived: boolean; role: Role | null; platformAdmin: boolean; organisationId: string }>(
    `SELECT w.id, w.name, w.archived_at IS NOT NULL AS archived, m.role,
            EXISTS (SELECT 1 FROM platform_admin p WHERE p.user_id = $1::uuid) AS "platformAdmin",
            (SELECT organisation_id FROM app_user WHERE id = $1::uuid) AS "organisationId"
     FROM workspace w LEFT JOIN membership m ON m.workspace_id = w.id AND m.user_id = $1::uuid
     WHERE w.slug = $2`,
    [userId, slug],
  );
  if (!row) throw notFound();
  const refusal = workspaceStewardRefusal(row);
  if (refusal === "notFound") throw notFound();
  if (refusal === "forbidden") throw forbidden();
  return {
    userId,
    organisationId: row.organisationId,
    workspaceId: row.id,
    workspaceSlug: slug,
    workspaceName: row.name,
    archived: row.archived,
    role: row.role,
    platformAdmin: row.platformAdmin,
  };
}

const archivedRefusal = () => new DomainError("FORBIDDEN", "workspace.archived");

/** What the settings page shows: name, address, state, regions with form and municipalities, member count. */
export async function workspaceSettings(db: Db, steward: Steward) {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: steward.workspaceId },
    select: {
      name: true,
      slug: true,
      archivedAt: true,
      createdAt: true,
      _count: { select: { memberships: true } },
      regions: {
        select: {
          region: {
            select: {
              id: true,
              name: true,
              organisations: { where: { kind: "MUNICIPALITY" }, select: { id: true, name: true, cbsCode: true }, orderBy: { name: "asc" } },
            },
          },
        },
      },
    },
  });
  const models = await db.governanceModel.findMany({ where: { workspaceId: steward.workspaceId, regionId: { not: null } }, select: { regionId: true, organisationForm: true } });
  const formOf = new Map(models.map((m) => [m.regionId, m.organisationForm]));
  return {
    name: workspace.name,
    slug: workspace.slug,
    archived: workspace.archivedAt !== null,
    archivedAt: workspace.archivedAt,
    createdAt: workspace.createdAt,
    memberCount: workspace._count.memberships,
    isMember: steward.role !== null,
    regions: workspace.regions
      .map(({ region }) => ({ id: region.id, name: region.name, organisationForm: formOf.get(region.id) ?? null, municipalities: region.organisations }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
  };
}

async function workspaceRegion(tx: Tx, steward: Steward, regionId: string) {
  const link = await tx.workspaceRegion.findUnique({ where: { workspaceId_regionId: { workspaceId: steward.workspaceId, regionId } }, include: { region: true } });
  if (!link) throw notFound();
  return link.region;
}

export async function addRegion(db: Db, steward: Steward, input: RegionInput) {
  if (steward.archived) throw archivedRefusal();
  return db.$transaction(async (tx) => {
    const region = await insertRegion(tx, { id: steward.workspaceId, slug: steward.workspaceSlug }, input, "municipalities");
    await recordAudit(tx, { workspaceId: steward.workspaceId, ...actorOf(steward) }, { action: "region.added", entityType: "region", entityId: region.id, after: region });
    return region;
  });
}

/**
 * A region leaves the workspace: its municipalities leave with it (free to join another
 * region). Everything recorded in the workspace stays, under the same municipality: their own
 * records stay theirs. The last region stays (CONFLICT "workspace.lastRegion").
 */
export async function removeRegion(db: Db, steward: Steward, regionId: string) {
  if (steward.archived) throw archivedRefusal();
  return db.$transaction(async (tx) => {
    // Two removals at once: the second waits, then finds its region gone (NOT_FOUND) or the last one left (CONFLICT).
    await tx.$queryRaw`SELECT region_id FROM workspace_region WHERE workspace_id = ${steward.workspaceId}::uuid FOR UPDATE`;
    const region = await workspaceRegion(tx, steward, regionId);
    if ((await tx.workspaceRegion.count({ where: { workspaceId: steward.workspaceId } })) <= 1) throw new DomainError("CONFLICT", "workspace.lastRegion");
    const municipalities = await tx.organisation.findMany({ where: { regionId, kind: "MUNICIPALITY" }, select: { id: true, name: true } });
    await tx.workspaceRegion.delete({ where: { workspaceId_regionId: { workspaceId: steward.workspaceId, regionId } } });
    // The region row stays (records and documents refer to it); its municipalities are free again.
    if ((await tx.workspaceRegion.count({ where: { regionId } })) === 0) await tx.organisation.updateMany({ where: { regionId }, data: { regionId: null } });
    await recordAudit(tx, { workspaceId: steward.workspaceId, ...actorOf(steward) }, { action: "region.removed", entityType: "region", entityId: regionId, before: { name: region.name, municipalities } });
    return { regionId };
  });
}

export async function addMunicipalities(db: Db, steward: Steward, input: { regionId: string; municipalities: string[] }) {
  if (steward.archived) throw archivedRefusal();
  return db.$transaction(async (tx) => {
    const region = await workspaceRegion(tx, steward, input.regionId);
    const found = (await resolveMunicipalities(tx, input.municipalities, "municipalities")).filter((m) => m.regionId !== region.id);
    assertFree(found, "municipalities");
    await tx.organisation.updateMany({ where: { id: { in: found.map((m) => m.id) } }, data: { regionId: region.id } });
    const added = found.map((m) => ({ id: m.id, name: m.name }));
    if (added.length) {
      await recordAudit(tx, { workspaceId: steward.workspaceId, ...actorOf(steward) }, { action: "region.municipalitiesAdded", entityType: "region", entityId: region.id, after: { added } });
    }
    return { regionId: region.id, added };
  });
}

/**
 * A municipality leaves its region (and the workspace). What it recorded in the workspace stays
 * there under its own name: its staffing lines, participations and scores are still its own.
 */
export async function removeMunicipality(db: Db, steward: Steward, input: { regionId: string; municipalityId: string }) {
  if (steward.archived) throw archivedRefusal();
  return db.$transaction(async (tx) => {
    const region = await workspaceRegion(tx, steward, input.regionId);
    const municipality = await tx.organisation.findFirst({ where: { id: input.municipalityId, regionId: region.id, kind: "MUNICIPALITY" }, select: { id: true, name: true } });
    if (!municipality) throw notFound();
    await tx.organisation.update({ where: { id: municipality.id }, data: { regionId: null } });
    await recordAudit(tx, { workspaceId: steward.workspaceId, ...actorOf(steward) }, { action: "region.municipalityRemoved", entityType: "region", entityId: region.id, before: { removed: municipality } });
    return { regionId: region.id, municipalityId: municipality.id };
  });
}

/** Archives (read-only for everyone) or reactivates; audited; live connections reconnect with their new rights. */
export async function setWorkspaceArchived(db: Db, steward: Steward, archived: boolean) {
  const changed = await db.$transaction(async (tx) => {
    const now = await tx.workspace.findUniqueOrThrow({ where: { id: steward.workspaceId }, select: { archivedAt: true } });
    if ((now.archivedAt !== null) === archived) return false;
    await tx.workspace.update({ where: { id: steward.workspaceId }, data: { archivedAt: archived ? new Date() : null } });
    await recordAudit(tx, { workspaceId: steward.workspaceId, ...actorOf(steward) }, {
      action: archived ? "workspace.archived" : "workspace.reactivated",
      entityType: "workspace",
      entityId: steward.workspaceId,
    });
    return true;
  });
  if (changed) eventBus.publish({ type: "workspace.changed", workspaceId: steward.workspaceId, kind: archived ? "archived" : "reactivated" });
  return { archived, changed };
}

/**
 * Deletes the workspace and everything in it (documents with their history, records, members,
 * its own audit events: the schema's cascades) in one transaction, once `confirmName` is its
 * exact name (BAD_REQUEST "workspace.confirmName" otherwise, nothing changes). Its regions that
 * no other workspace has go too, their municipalities free again. Recorded at platform level
 * (an audit event without workspace, which survives); its live connections close.
 */
export async function deleteWorkspace(db: Db, steward: Steward, confirmName: string) {
  return db
    .$transaction(async (tx) => {
      const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: steward.workspaceId }, include: { regions: { include: { region: true } }, _count: { select: { memberships: true, documents: true } } } });
      if (!deletionConfirmed(workspace.name, confirmName)) throw new DomainError("BAD_REQUEST", "workspace.confirmName", undefined, "confirmName");
      const regionIds = workspace.regions.map((r) => r.regionId);
      const shared = await tx.workspaceRegion.findMany({ where: { regionId: { in: regionIds }, workspaceId: { not: workspace.id } }, select: { regionId: true } });
      const own = regionIds.filter((id) => !shared.some((s) => s.regionId === id));
      await tx.organisation.updateMany({ where: { regionId: { in: own } }, data: { regionId: null } });
      await tx.workspace.delete({ where: { id: workspace.id } });
      await tx.region.deleteMany({ where: { id: { in: own } } });
      await recordAudit(tx, { workspaceId: null, ...actorOf(steward) }, {
        action: "workspace.deleted",
        entityType: "workspace",
        entityId: workspace.id,
        before: { name: workspace.name, slug: workspace.slug, regions: workspace.regions.map((r) => r.region.name), members: workspace._count.memberships, documents: workspace._count.documents },
      });
      return { workspaceId: workspace.id, slug: workspace.slug };
    })
    .then((deleted) => {
      eventBus.publish({ type: "workspace.changed", workspaceId: deleted.workspaceId, kind: "deleted" });
      return deleted;
    });
}

function actorOf(steward: Steward): Actor {
  return { userId: steward.userId, organisationId: steward.organisationId };
}

// ---------------------------------------------------------------- the directory

/**
 * A regional body, national network or other organisation, by a platform administrator. A name
 * that an organisation of any kind already has (any case) is refused, CONFLICT "directory.nameTaken".
 */
export async function createDirectoryOrganisation(db: Db, actor: Actor, input: { name: string; kind: "REGIONAL_BODY" | "NATIONAL_NETWORK" | "OTHER" }) {
  return db.$transaction(async (tx) => {
    if (await tx.organisation.findFirst({ where: { name: { equals: input.name, mode: "insensitive" } }, select: { id: true } })) {
      throw new DomainError("CONFLICT", "directory.nameTaken", undefined, "name");
    }
    const base = slugify(input.name);
    let slug = base;
    for (let n = 2; await tx.organisation.findUnique({ where: { slug }, select: { id: true } }); n++) slug = `${base}-${n}`;
    const created = await tx.organisation.create({ data: { slug, name: input.name, kind: input.kind } });
    await recordAudit(tx, { workspaceId: null, ...actor }, { action: "organisation.created", entityType: "organisation", entityId: created.id, after: { name: created.name, kind: created.kind } });
    return { id: created.id, slug: created.slug, name: created.name, kind: created.kind };
  });
}

/** Municipalities that merged away, under their old names, with their successor and date. */
export async function listMergedMunicipalities(db: Db) {
  const rows = await db.organisation.findMany({
    where: { endedOn: { not: null } },
    select: { id: true, name: true, cbsCode: true, endedOn: true, successor: { select: { name: true, cbsCode: true } } },
    orderBy: [{ endedOn: "desc" }, { name: "asc" }],
  });
  return rows.map((r) => ({ id: r.id, name: r.name, cbsCode: r.cbsCode, endedOn: r.endedOn!.toISOString().slice(0, 10), successor: r.successor ? { name: r.successor.name, cbsCode: r.successor.cbsCode } : null }));
}

/** The organisations platform administrators created (not the CBS municipalities). */
export async function listOtherOrganisations(db: Db) {
  return db.organisation.findMany({ where: { kind: { not: "MUNICIPALITY" } }, select: { id: true, name: true, kind: true, slug: true }, orderBy: [{ kind: "asc" }, { name: "asc" }] });
}
