import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { appendDocumentUpdates, type Database } from "@regiotafel/db";
import { CONTENT_FIELD } from "@regiotafel/collab";
import { createTestDatabase } from "@regiotafel/db/testing";
import { ARCHIVE_FILES, archiveManifestSchema } from "@regiotafel/domain";
import { collect, importer, seedDemo } from "./testing";
import { exportPlan, workspaceArchive } from "./export";
import { importWorkspaceArchive } from "./import";
import { openArchive } from "./read";
import { canonicalState } from "./render";
import { storedState } from "./stored-state";

// The round trip: export the Limburg demo workspace, import it into a fresh database,
// export again, and compare both exports once ids and the export's own stamps are normalised.

let source: Database;
let target: Database;
beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

/** The update that appends a paragraph to a document in `state`. */
function paragraphAdded(state: Uint8Array, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(CONTENT_FIELD);
  fragment.insert(fragment.length, [paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Events about the export and import themselves: the second export has them, the first does not. */
const OWN_EVENTS = new Set(["workspace.exported", "workspace.imported"]);

async function entries(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await openArchive(new Blob([zip]));
  const out = new Map<string, Buffer>();
  for (const name of archive.names()) out.set(name, await archive.read(name));
  archive.close();
  return out;
}

/** An entry in a form that compares: ids of the second installation turned back into the first's, rows in a fixed order. */
function normalise(name: string, bytes: Buffer, back: Map<string, string>, importerIds: string[] = []): unknown {
  if (name.endsWith(".yjs")) return Buffer.from(canonicalState(bytes)).toString("base64");
  const text = bytes.toString("utf8").replace(UUID, (id) => back.get(id) ?? id);
  // The importer is named by the import's own event: not part of what was exported.
  const own = (row: { id: string }) => !importerIds.includes(row.id);
  if (name === ARCHIVE_FILES.members) return sortRows((JSON.parse(text) as { id: string }[]).filter(own));
  if (name === "members.csv") return text.split("\r\n").filter((line) => !importerIds.some((id) => line.includes(id))).sort();
  if (name === ARCHIVE_FILES.workspace) {
    const data = JSON.parse(text) as { organisations: { id: string }[] };
    return sortDeep({ ...data, organisations: data.organisations.filter(own) });
  }
  if (name === ARCHIVE_FILES.manifest) {
    const manifest = archiveManifestSchema.parse(JSON.parse(text));
    return { ...manifest, exportedAt: "", source: "", counts: { ...manifest.counts, [ARCHIVE_FILES.history]: 0, [ARCHIVE_FILES.members]: 0, "records/templateUses.json": 0 } };
  }
  if (name === ARCHIVE_FILES.history) return sortRows((JSON.parse(text) as { action: string }[]).filter((e) => !OWN_EVENTS.has(e.action)));
  if (name === "history.csv") return text.split("\r\n").filter((line) => !/workspace\.(ex|im)ported/.test(line)).sort();
  if (name === "records/templateUses.json" || name === "records/templateUses.csv") return null;
  if (name === "records/notifications.json") return sortRows((JSON.parse(text) as { templateId: string | null }[]).map((n) => ({ ...n, templateId: null })));
  if (name === "records/notifications.csv") return text.split("\r\n").length;
  if (name.endsWith(".json")) return sortDeep(JSON.parse(text));
  if (name.endsWith(".csv")) return text.split("\r\n").sort();
  return text;
}

const sortRows = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortDeep(v)]));
  return value;
}

describe("the Limburg round trip", () => {
  it("exports, imports into a fresh database, exports again: the same archive but for ids and the export's stamps", async () => {
    const limburg = await seedDemo(source.prisma);
    // A named version, and an edit still in the update log (not compacted into the snapshot).
    const doc = await source.prisma.document.findFirstOrThrow({ where: { workspaceId: limburg }, orderBy: { title: "asc" } });
    const author = await source.prisma.membership.findFirstOrThrow({ where: { workspaceId: limburg, role: "ADMIN" } });
    const before = await storedState(source.prisma, doc.id);
    await source.prisma.documentVersion.create({ data: { documentId: doc.id, name: "Eerste versie", state: Buffer.from(before), createdById: author.userId } });
    await appendDocumentUpdates(source.prisma, [{ documentId: doc.id, data: paragraphAdded(before, "Nog niet opgeslagen: een nieuwe alinea.") }]);
    const options = (db: Database) => ({ currentState: (id: string) => storedState(db.prisma, id), origin: "https://bron.example.nl" });
    const plan = await exportPlan(source.prisma, limburg);
    expect(plan.counts.tenders).toBeGreaterThan(0);
    expect(plan.documents).toBeGreaterThan(0);

    const first = await collect(workspaceArchive(source.prisma, limburg, options(source)));
    const firstEntries = await entries(first);
    expect(firstEntries.size).toBe(plan.files);

    const actorId = await importer(target.prisma);
    const importerIds = [actorId, (await target.prisma.user.findUniqueOrThrow({ where: { id: actorId } })).organisationId];
    const result = await importWorkspaceArchive(target.prisma, new Blob([first]), { actorId });
    expect(result.slug).toBe("limburg");
    expect(result.counts.tenders).toBe(plan.counts.tenders);
    expect(result.counts.documents).toBe(plan.documents);
    expect(result.newAccounts).toBeGreaterThan(0);
    // The fresh installation has no network library: the template uses that point into it are left out.
    expect(result.skippedTemplateUses).toBe(plan.counts.templateUses);

    const second = await collect(workspaceArchive(target.prisma, result.workspaceId, options(target)));
    const secondEntries = await entries(second);
    const back = new Map([...result.idMap].map(([from, to]) => [to, from]));
    const rename = (name: string) => name.replace(UUID, (id) => back.get(id) ?? id);
    expect([...secondEntries.keys()].map(rename).sort()).toEqual([...firstEntries.keys()].sort());
    for (const [name, bytes] of secondEntries) {
      const original = rename(name);
      expect(normalise(original, bytes, back, importerIds), original).toEqual(normalise(original, firstEntries.get(original)!, new Map()));
    }
    // Documents' content came along, readable and as Yjs.
    const html = [...secondEntries].filter(([n]) => n.startsWith("documents/") && n.endsWith(".html"));
    expect(html.length).toBe(plan.documents);
    expect(html.some(([, b]) => b.toString("utf8").includes("<p>Nog niet opgeslagen: een nieuwe alinea.</p>"))).toBe(true);
    const versions = [...secondEntries].filter(([n]) => n.startsWith("document-versions/") && n.endsWith(".md"));
    expect(versions.map(([, b]) => b.toString("utf8").split("\n")[0])).toEqual(["# Eerste versie"]);
  });
});
