import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { SqlDocumentStorage, initialState, plainText } from "@regiotafel/collab";
import { damagedState } from "@regiotafel/collab/testing";
import { createApiTestEnv, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const code = async (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? e.code : Promise.reject(e)));
const storedText = async (id: string) => {
  await env.hub.flush();
  return plainText((await new SqlDocumentStorage(env.db.prisma).load(id)).state);
};

describe("documents", () => {
  it("starts Limburg with its joint strategy and governance texts", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const docs = await weert.document.list({ workspace: "limburg" });
    const strategy = docs.find((d) => d.kind === "STRATEGY")!;
    expect(strategy.title).toBe("Gezamenlijke inkoopstrategie sociaal domein Limburg");
    expect(strategy.canEdit).toBe(true);
    expect(docs.filter((d) => d.kind === "GOVERNANCE").map((d) => d.ownerRegionName).sort()).toEqual([
      "Midden-Limburg Oost",
      "Midden-Limburg West",
      "Noord-Limburg",
      null,
    ]);
    // Weert (an editor) reads the governance texts but may not edit them.
    expect(docs.filter((d) => d.kind === "GOVERNANCE").every((d) => !d.canEdit)).toBe(true);
    const text = await storedText(strategy.id);
    for (const chapter of ["1. Inleiding", "3. Regio- en marktanalyse", "7. Sturingsinstrumenten", "9. Risico's en beheersmaatregelen"]) {
      expect(text).toContain(chapter);
    }
  });

  it("creates a strategy from the outline (coordinators) and a free document (editors)", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const strategy = await coordinator.document.create({ workspace: "limburg", kind: "STRATEGY", title: "Inkoopstrategie Jeugd 2027" });
    expect((await storedText(strategy.id)).split("\n").slice(0, 3)).toEqual([
      "Inkoopstrategie Jeugd 2027",
      "1. Inleiding",
      "Waarom een nieuwe inkoopstrategie? Scope, betrokken gemeenten en het proces van totstandkoming.",
    ]);
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    expect(await code(weert.document.create({ workspace: "limburg", kind: "STRATEGY", title: "Niet voor bewerkers" }))).toBe("FORBIDDEN");
    const free = await weert.document.create({ workspace: "limburg", kind: "FREE", title: "Notities marktconsultatie" });
    const history = await weert.workspace.history({ workspace: "limburg", entityType: "document", limit: 1 });
    expect(history.events[0]).toMatchObject({ action: "document.created", entityId: free.id, after: { title: "Notities marktconsultatie" } });
  });

  it("renames with a version check and archives out of the list", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const { id } = await weert.document.create({ workspace: "limburg", kind: "FREE", title: "Eerste titel" });
    const doc = await weert.document.get({ workspace: "limburg", documentId: id });
    await weert.document.rename({ workspace: "limburg", documentId: id, title: "Tweede titel", version: doc.version });
    expect(await code(weert.document.rename({ workspace: "limburg", documentId: id, title: "Verouderd", version: doc.version }))).toBe("CONFLICT");
    expect((await weert.document.get({ workspace: "limburg", documentId: id })).title).toBe("Tweede titel");

    await weert.document.setArchived({ workspace: "limburg", documentId: id, archived: true });
    expect((await weert.document.list({ workspace: "limburg" })).some((d) => d.id === id)).toBe(false);
    const archived = await weert.document.list({ workspace: "limburg", archived: true });
    expect(archived.find((d) => d.id === id)).toMatchObject({ archived: true, canEdit: false });
    expect(await code(weert.document.rename({ workspace: "limburg", documentId: id, title: "Nog eens", version: doc.version + 2 }))).toBe("CONFLICT");
    await weert.document.setArchived({ workspace: "limburg", documentId: id, archived: false });
    expect((await weert.document.get({ workspace: "limburg", documentId: id })).canEdit).toBe(true);
  });

  it("saves named versions, shows one read-only, and restores it as a new change", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const { id } = await weert.document.create({ workspace: "limburg", kind: "FREE", title: "Versies" });
    const type = (text: string) => env.hub.replaceContent(id, initialState([{ type: "paragraph", text }]));
    await type("Concept één");
    const v1 = await weert.document.saveVersion({ workspace: "limburg", documentId: id, name: "Concept 1" });
    await type("Concept twee");
    expect(await storedText(id)).toBe("Concept twee");

    const shown = await weert.document.version({ workspace: "limburg", documentId: id, versionId: v1.id });
    expect(shown).toMatchObject({ name: "Concept 1", text: "Concept één" });
    expect(Buffer.from(shown.state, "base64").length).toBeGreaterThan(0);

    const restored = await weert.document.restoreVersion({ workspace: "limburg", documentId: id, versionId: v1.id });
    expect(restored.name).toBe("Hersteld: Concept 1");
    expect(await storedText(id)).toBe("Concept één");
    const versions = await weert.document.versions({ workspace: "limburg", documentId: id });
    expect(versions.map((v) => v.name)).toEqual(["Hersteld: Concept 1", "Concept 1"]);
    expect(versions[1]!.createdBy).toBe("Inkoop Weert");
  });

  it("never shows a version through another document", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const a = await weert.document.create({ workspace: "limburg", kind: "FREE", title: "A" });
    const b = await weert.document.create({ workspace: "limburg", kind: "FREE", title: "B" });
    const va = await weert.document.saveVersion({ workspace: "limburg", documentId: a.id, name: "van A" });
    expect(await code(weert.document.version({ workspace: "limburg", documentId: b.id, versionId: va.id }))).toBe("NOT_FOUND");
  });

  it("explains a missing or overlong title in Dutch and creates nothing", async () => {
    const before = await env.db.prisma.document.count();
    const empty = await env.http("weert@demo.regiotafel.nl", "document.create", { workspace: "limburg", kind: "FREE", title: "   " }, "mutation");
    expect(empty.body.error?.data.fieldErrors?.title).toEqual(["Geef het document een titel."]);
    const long = await env.http("weert@demo.regiotafel.nl", "document.create", { workspace: "limburg", kind: "FREE", title: "x".repeat(500) }, "mutation");
    expect(long.body.error?.data.fieldErrors?.title).toEqual(["Deze titel is te lang (maximaal 160 tekens)."]);
    const kind = await env.http("weert@demo.regiotafel.nl", "document.create", { workspace: "limburg", kind: "ROMAN", title: "x" }, "mutation");
    expect(kind.status).toBe(400);
    expect(await env.db.prisma.document.count()).toBe(before);
  });

  it("recovers a damaged document from its newest version that loads (workspace admins only), audited", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const ref = { workspace: "limburg", documentId: (await weert.document.create({ workspace: "limburg", kind: "FREE", title: "Beschadigd" })).id };
    const good = initialState([{ type: "paragraph", text: "Goede tekst" }]);
    await env.db.prisma.documentSnapshot.update({ where: { documentId: ref.documentId }, data: { state: Buffer.from(good) } });
    const saved = await weert.document.saveVersion({ ...ref, name: "Laatste goede" });
    // What the old compaction wrote: the state plus a delete of nothing, and a log row after it.
    const damaged = damagedState(good);
    await env.db.prisma.documentSnapshot.update({ where: { documentId: ref.documentId }, data: { state: Buffer.from(damaged) } });
    await env.db.prisma.documentUpdate.create({ data: { documentId: ref.documentId, data: Buffer.from([0, 0]) } });
    await env.db.prisma.documentVersion.create({
      data: { documentId: ref.documentId, name: "Beschadigde versie", state: Buffer.from(damaged), createdAt: new Date(Date.now() + 60_000) },
    });

    const status = await weert.document.loadStatus(ref);
    expect(status).toMatchObject({ loads: false, recoverFrom: { id: saved.id, name: "Laatste goede" } });
    const refusedSave = await env.http("weert@demo.regiotafel.nl", "document.saveVersion", { ...ref, name: "Nog een" }, "mutation");
    expect(refusedSave.body.error?.data).toMatchObject({ code: "CONFLICT", messageKey: "document.damaged" });
    expect(await code(weert.document.recover(ref))).toBe("FORBIDDEN");
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    expect(await code(coordinator.document.recover(ref))).toBe("FORBIDDEN");

    const recovered = await admin.document.recover(ref);
    expect(recovered).toMatchObject({ versionId: saved.id, name: "Laatste goede" });
    expect(await storedText(ref.documentId)).toBe("Goede tekst");
    expect(await env.db.prisma.documentUpdate.count({ where: { documentId: ref.documentId } })).toBe(0);
    expect(await weert.document.loadStatus(ref)).toEqual({ loads: true, recoverFrom: null });
    const history = await admin.workspace.history({ workspace: "limburg", entityType: "document", limit: 1 });
    expect(history.events[0]).toMatchObject({
      action: "document.recovered",
      entityId: ref.documentId,
      before: { droppedUpdates: 1 },
      after: { version: "Laatste goede", versionId: saved.id },
    });
    // Editing goes on from the recovered state, and nothing is left to recover.
    await env.hub.replaceContent(ref.documentId, initialState([{ type: "paragraph", text: "Verder" }]));
    expect(await storedText(ref.documentId)).toBe("Verder");
    expect(await code(admin.document.recover(ref))).toBe("CONFLICT");
  });

  it("refuses to recover when no version loads, and changes nothing", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const ref = { workspace: "limburg", documentId: (await weert.document.create({ workspace: "limburg", kind: "FREE", title: "Zonder versie" })).id };
    const damaged = Buffer.from(damagedState(initialState([{ type: "paragraph", text: "x" }])));
    await env.db.prisma.documentSnapshot.update({ where: { documentId: ref.documentId }, data: { state: damaged } });
    expect(await weert.document.loadStatus(ref)).toEqual({ loads: false, recoverFrom: null });
    const refused = await env.http("admin@demo.regiotafel.nl", "document.recover", ref, "mutation");
    expect(refused.body.error?.data).toMatchObject({ code: "CONFLICT", messageKey: "document.noGoodVersion" });
    const snapshot = await env.db.prisma.documentSnapshot.findUniqueOrThrow({ where: { documentId: ref.documentId } });
    expect(Buffer.compare(Buffer.from(snapshot.state), damaged)).toBe(0);
    // Another workspace's document is not found, damaged or not.
    const foreign = await env.db.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "rivierenland" } } });
    expect(await code(admin.document.recover({ workspace: "limburg", documentId: foreign.id }))).toBe("NOT_FOUND");
    expect(await code(admin.document.loadStatus({ workspace: "limburg", documentId: foreign.id }))).toBe("NOT_FOUND");
  });
});
