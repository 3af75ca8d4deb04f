import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { eventBus } from "@regiotafel/db";
import { describeError, type RecordChange } from "@regiotafel/domain";
import { createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const code = async (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? e.code : Promise.reject(e)));
const org = async (slug: string) => (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug } })).id;
const region = async (slug: string) => (await env.db.prisma.region.findUniqueOrThrow({ where: { slug } })).id;
const ws = { workspace: "limburg" };

describe("staffing", () => {
  it("compares regions: West has a gap of 1.5 fte with two functions still PM; Noord has none", async () => {
    const rows = await (await env.callerFor("weert@demo.regiotafel.nl")).staffing.comparison(ws);
    const west = rows.find((r) => r.kind === "region" && r.name === "Midden-Limburg West")!;
    expect(west).toMatchObject({ current: 3.02, minimum: 3.96, gap: 1.5, undecided: 2, functions: 5 });
    expect(rows.find((r) => r.name === "Noord-Limburg")).toMatchObject({ current: 7.89, gap: 0, undecided: 1 });
    expect(rows.filter((r) => r.kind === "municipality")).toHaveLength(14);
  });

  it("lets a municipality keep its own staffing, and refuses another's without changing it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const line = await weert.staffing.add({ ...ws, municipalityId: await org("weert"), function: "Contractmanager Wmo", fteCurrent: 0.8, fteMinimum: 1, employment: "HIRED", notes: "" });
    await weert.staffing.update({ ...ws, lineId: line.id, version: line.version, function: "Contractmanager Wmo", fteCurrent: 1, fteMinimum: 1, employment: "EMPLOYED", notes: "" });
    const mine = (await weert.staffing.list(ws)).find((u) => u.name === "Weert")!;
    expect(mine.canEdit).toBe(true);
    expect(mine.lines.map((l) => [l.function, l.fteCurrent, l.version])).toEqual([["Contractmanager Wmo", 1, 2]]);

    const nederweert = await env.callerFor("nederweert@demo.regiotafel.nl");
    const before = await fingerprint(env.db);
    expect(await code(nederweert.staffing.update({ ...ws, lineId: line.id, version: 2, function: "Overgenomen", fteCurrent: 9, fteMinimum: 9, employment: "EMPLOYED", notes: "" }))).toBe("FORBIDDEN");
    expect(await code(nederweert.staffing.remove({ ...ws, lineId: line.id }))).toBe("FORBIDDEN");
    expect(await code(nederweert.staffing.add({ ...ws, municipalityId: await org("weert"), function: "X", fteCurrent: 1, fteMinimum: null, employment: "EMPLOYED", notes: "" }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("keeps the region's staffing to its coordinator, and refuses a stale write", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const west = (await coordinator.staffing.list(ws)).find((u) => u.kind === "region" && u.name === "Midden-Limburg West")!;
    expect(west.canEdit).toBe(true);
    const jurist = west.lines.find((l) => l.function === "Aanbestedingsjurist")!;
    await coordinator.staffing.update({ ...ws, lineId: jurist.id, version: jurist.version, function: jurist.function, fteCurrent: 0, fteMinimum: 0.5, employment: "EMPLOYED", notes: "Besloten" });
    expect(await code(coordinator.staffing.update({ ...ws, lineId: jurist.id, version: jurist.version, function: jurist.function, fteCurrent: 1, fteMinimum: 1, employment: "EMPLOYED", notes: "" }))).toBe("CONFLICT");
    const rows = await coordinator.staffing.comparison(ws);
    expect(rows.find((r) => r.name === "Midden-Limburg West")).toMatchObject({ gap: 2, undecided: 1 });
    expect(await code((await env.callerFor("weert@demo.regiotafel.nl")).staffing.update({ ...ws, lineId: jurist.id, version: jurist.version + 1, function: "x", fteCurrent: 1, fteMinimum: 1, employment: "EMPLOYED", notes: "" }))).toBe("FORBIDDEN");
  });
});

describe("tenders and lots", () => {
  it("creates a tender with two lots and moves it only along allowed transitions", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const tender = await coordinator.tender.create({
      ...ws,
      title: "Jeugd Ambulant West 2027",
      domain: "JEUGD",
      level: "REGIONAAL",
      procedure: "SAS_TWO_ROUNDS",
      procuringEntityId: await org("weert"),
      participantIds: [await org("weert"), await org("leudal"), await org("nederweert")],
      ownerRegionId: await region("midden-limburg-west"),
      contractStart: "2027-01-01",
      contractEnd: "2030-12-31",
      extensionOptions: "2 × 2 jaar",
      estimatedValue: 4_500_000,
      sroiPercentage: 5,
      sroiThreshold: 250_000,
      fundingModel: "OUTPUTGERICHT",
    });
    await coordinator.lot.add({ ...ws, tenderId: tender.id, title: "Ambulante begeleiding", regionalProvidersMin: 5, regionalProvidersMax: 10 });
    await coordinator.lot.add({ ...ws, tenderId: tender.id, title: "Ambulante behandeling" });
    await coordinator.milestone.add({ ...ws, tenderId: tender.id, type: "ENGAGEMENT", title: "Publicatie", dueDate: "2026-03-01" });

    expect(await code(coordinator.tender.setStatus({ ...ws, tenderId: tender.id, status: "RUNNING", version: 1 }))).toBe("CONFLICT");
    const published = await coordinator.tender.setStatus({ ...ws, tenderId: tender.id, status: "PUBLISHED", version: 1 });
    expect(published.status).toBe("PUBLISHED");
    expect(await code(coordinator.tender.setStatus({ ...ws, tenderId: tender.id, status: "PLANNED", version: 2 }))).toBe("CONFLICT");
    expect(await code(coordinator.tender.setStatus({ ...ws, tenderId: tender.id, status: "QUESTIONS", version: 1 }))).toBe("CONFLICT"); // stale

    const detail = await coordinator.tender.get({ ...ws, tenderId: tender.id });
    expect(detail).toMatchObject({ status: "PUBLISHED", version: 2, estimatedValue: 4_500_000, contractStart: "2027-01-01", fundingModel: "OUTPUTGERICHT" });
    expect(detail.lots.map((l) => l.title)).toEqual(["Ambulante begeleiding", "Ambulante behandeling"]);
    expect(detail.participants.map((p) => p.name)).toEqual(["Leudal", "Nederweert", "Weert"]);
  });

  it("explains a refused transition in Dutch", async () => {
    const board = await (await env.callerFor("weert@demo.regiotafel.nl")).tender.board(ws);
    // A tender Weert procures itself: the refusal is about the transition, not about whose it is.
    const running = board.tenders.find((t) => t.status === "RUNNING" && t.canEdit)!;
    const res = await env.http("weert@demo.regiotafel.nl", "tender.setStatus", { ...ws, tenderId: running.id, status: "PUBLISHED", version: running.version }, "mutation");
    expect(res.status).toBe(409);
    expect(res.body.error?.data.fieldErrors?.status).toEqual(["Een aanbesteding kan niet van 'lopend contract' naar 'gepubliceerd'."]);
  });

  it("lets each municipality opt its own participation in or out, never another's", async () => {
    const board = await (await env.callerFor("weert@demo.regiotafel.nl")).tender.board(ws);
    const tenderId = board.tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!.id;
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const lot = (await weert.tender.get({ ...ws, tenderId })).lots.find((l) => l.title === "Volwassenen/stabiliteit")!;
    expect(lot.myParticipation).toBeNull();
    await weert.lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("weert"), participating: true });
    const after = (await weert.tender.get({ ...ws, tenderId })).lots.find((l) => l.id === lot.id)!;
    expect(after.myParticipation).toBe(true);
    expect(after.participations.map((p) => p.name)).toEqual(["Leudal", "Nederweert", "Weert"]);

    const before = await fingerprint(env.db);
    expect(await code(weert.lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("leudal"), participating: false }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("shows the board and a timeline of milestones across tenders", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const board = await weert.tender.board(ws);
    expect(board.tenders.length).toBeGreaterThanOrEqual(12);
    const noordWmo = board.tenders.find((t) => t.title === "Wmo-ondersteuning Noord-Limburg")!;
    expect(noordWmo).toMatchObject({ lots: 6, participants: 7, procuringEntity: "MGR Sociaal Domein Limburg-Noord", ownerRegion: "Noord-Limburg" });
    expect((await weert.tender.board({ ...ws, status: "PLANNED" })).tenders.every((t) => t.status === "PLANNED")).toBe(true);
    const timeline = await weert.tender.timeline({ ...ws, from: "2021-01-01", to: "2021-12-31" });
    const dates = timeline.map((m) => m.dueDate!);
    expect([...dates].sort()).toEqual(dates);
    expect(timeline.filter((m) => m.title === "Definitieve gunning" && m.dueDate === "2021-07-01").length).toBeGreaterThanOrEqual(2);
  });
});

describe("whose tender it is (issue 15)", () => {
  const roermondWmo = async () => (await (await env.callerFor("roermond@demo.regiotafel.nl")).tender.board(ws)).tenders.find((t) => t.title === "Gebiedsgerichte Wmo-ondersteuning Roermond")!;
  const messageOf = async (p: Promise<unknown>, locale: "nl" | "en" = "nl") =>
    p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? describeError(e, locale).message : Promise.reject(e)));

  it("Weert cannot publish, edit or reshape Roermond's own local Wmo tender; Roermond and Oost's coordinator can", async () => {
    const tender = await roermondWmo();
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const echt = await env.callerFor("echt-susteren@demo.regiotafel.nl"); // another municipality of Roermond's own region
    const detail = await weert.tender.get({ ...ws, tenderId: tender.id });
    expect(detail).toMatchObject({ canEdit: false, transitions: [] });
    expect(detail.lots.every((l) => !l.canEdit && !l.canRemove)).toBe(true);
    const lot = detail.lots[0]!;

    const before = await fingerprint(env.db);
    for (const caller of [weert, echt]) {
      expect(await code(caller.tender.setStatus({ ...ws, tenderId: tender.id, status: "PUBLISHED", version: tender.version }))).toBe("FORBIDDEN");
      expect(await code(caller.lot.add({ ...ws, tenderId: tender.id, title: "Extra perceel" }))).toBe("FORBIDDEN");
      expect(await code(caller.lot.update({ ...ws, lotId: lot.id, version: lot.version, title: "Overgenomen" }))).toBe("FORBIDDEN");
      expect(await code(caller.lot.setStatus({ ...ws, lotId: lot.id, status: "CANCELLED", version: lot.version }))).toBe("FORBIDDEN");
      expect(await code(caller.lot.remove({ ...ws, lotId: lot.id }))).toBe("FORBIDDEN");
      expect(await code(caller.milestone.add({ ...ws, tenderId: tender.id, type: "APPROVAL", title: "Gunning" }))).toBe("FORBIDDEN");
    }
    // Taking it over by naming oneself as the procuring entity is refused just the same.
    const takeOver = { ...ws, tenderId: tender.id, version: tender.version, title: tender.title, domain: "WMO" as const, level: "LOKAAL" as const, procedure: "SAS_TWO_ROUNDS" as const, procuringEntityId: await org("weert") };
    expect(await code(weert.tender.update(takeOver))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);

    // The refusal says who may, in Dutch and in English, without Dutch in the English text.
    const refusal = weert.tender.setStatus({ ...ws, tenderId: tender.id, status: "PUBLISHED", version: tender.version });
    expect(await messageOf(refusal)).toMatch(/^Deze aanbesteding wijzigen alleen de aanbestedende organisatie/);
    const english = await messageOf(weert.tender.setStatus({ ...ws, tenderId: tender.id, status: "PUBLISHED", version: tender.version }), "en");
    expect(english).toMatch(/^Only the procuring organisation, the managing region/);
    expect(english).not.toMatch(/coördinator|gemeente|beheerder/);

    // Weert still states its own participation in Roermond's lot.
    expect(await code(weert.lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("weert"), participating: false }))).toBe("OK");
    const roermond = await env.callerFor("roermond@demo.regiotafel.nl");
    expect((await roermond.tender.get({ ...ws, tenderId: tender.id })).canEdit).toBe(true);
    const published = await roermond.tender.setStatus({ ...ws, tenderId: tender.id, status: "PUBLISHED", version: tender.version });
    expect(published.status).toBe("PUBLISHED");
    const oost = await env.callerFor("coordinator.oost@demo.regiotafel.nl");
    expect(await code(oost.milestone.add({ ...ws, tenderId: tender.id, type: "ENGAGEMENT", title: "Nota van inlichtingen", dueDate: "2027-03-01" }))).toBe("OK");
  });

  it("keeps every field of the lot form before and after an edit, for the history's 'Label: before → after' (issue 18)", async () => {
    const tender = await roermondWmo();
    const roermond = await env.callerFor("roermond@demo.regiotafel.nl");
    const lot = (await roermond.tender.get({ ...ws, tenderId: tender.id })).lots[0]!;
    await roermond.lot.update({ ...ws, lotId: lot.id, version: lot.version, title: lot.title, expectedValue: 250_000, notes: "Nieuwe toelichting" });
    const event = (await roermond.workspace.history({ ...ws, entityType: "lot", limit: 1 })).events[0]!;
    expect(event).toMatchObject({ action: "lot.updated", entityId: lot.id, after: { title: lot.title, expectedValue: 250_000, notes: "Nieuwe toelichting" } });
    expect(Object.keys(event.before as object).sort()).toEqual(Object.keys(event.after as object).sort());
    expect(event.before).toMatchObject({ title: lot.title });
    expect((event.before as { expectedValue: unknown }).expectedValue).not.toBe(250_000);
  });

  it("refuses to create a tender for another municipality or region, and says so next to the field", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const res = await env.http(
      "weert@demo.regiotafel.nl",
      "tender.create",
      { ...ws, title: "Voor Roermond", domain: "WMO", level: "LOKAAL", procedure: "OPEN_HOUSE", procuringEntityId: await org("roermond"), ownerRegionId: await region("midden-limburg-oost") },
      "mutation",
    );
    expect(res.status).toBe(403);
    expect(res.body.error?.data.fieldErrors?.procuringEntityId?.[0]).toMatch(/^Je legt alleen aanbestedingen vast die je daarna zelf mag wijzigen/);
    const mine = await weert.tender.create({ ...ws, title: "Lokaal Weert", domain: "WMO", level: "LOKAAL", procedure: "OPEN_HOUSE", procuringEntityId: await org("weert") });
    expect((await weert.tender.get({ ...ws, tenderId: mine.id })).canEdit).toBe(true);
  });

  it("withdrawing a tender withdraws its open lots; afterwards nothing of it changes, not even participation", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const tender = await coordinator.tender.create({ ...ws, title: "In te trekken", domain: "WMO", level: "REGIONAAL", procedure: "OPEN_HOUSE", procuringEntityId: await org("weert"), ownerRegionId: await region("midden-limburg-west") });
    const a = await coordinator.lot.add({ ...ws, tenderId: tender.id, title: "Perceel A" });
    const b = await coordinator.lot.add({ ...ws, tenderId: tender.id, title: "Perceel B" });
    await coordinator.lot.setStatus({ ...ws, lotId: b.id, status: "CANCELLED", version: b.version });

    const offered = (await coordinator.tender.get({ ...ws, tenderId: tender.id })).transitions.find((t) => t.status === "CANCELLED")!;
    expect(offered).toEqual({ status: "CANCELLED", final: true, lotsFollowing: [{ id: a.id, title: "Perceel A", to: "CANCELLED" }] });
    await coordinator.tender.setStatus({ ...ws, tenderId: tender.id, status: "CANCELLED", version: tender.version });

    const after = await coordinator.tender.get({ ...ws, tenderId: tender.id });
    expect(after).toMatchObject({ status: "CANCELLED", closed: true, canEdit: false, transitions: [] });
    expect(after.lots.map((l) => [l.title, l.status, l.canEdit, l.canRemove])).toEqual([
      ["Perceel A", "CANCELLED", false, false],
      ["Perceel B", "CANCELLED", false, false],
    ]);
    const lotA = after.lots.find((l) => l.id === a.id)!;
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    expect((await weert.tender.get({ ...ws, tenderId: tender.id })).lots.every((l) => !l.canParticipate)).toBe(true);
    const before = await fingerprint(env.db);
    expect(await messageOf(coordinator.lot.update({ ...ws, lotId: a.id, version: lotA.version, title: "Toch nog" }))).toBe(
      "Deze aanbesteding is ingetrokken of beëindigd: aan de aanbesteding, haar percelen en mijlpalen verandert niets meer.",
    );
    expect(await code(coordinator.lot.add({ ...ws, tenderId: tender.id, title: "Nog een" }))).toBe("CONFLICT");
    expect(await code(coordinator.milestone.add({ ...ws, tenderId: tender.id, type: "APPROVAL", title: "Gunning" }))).toBe("CONFLICT");
    expect(await code(weert.lot.setParticipation({ ...ws, lotId: a.id, municipalityId: await org("weert"), participating: true }))).toBe("CONFLICT");
    expect(await fingerprint(env.db)).toBe(before);

    const history = await coordinator.workspace.history({ ...ws, entityType: "tender", limit: 1 });
    expect(history.events[0]).toMatchObject({ action: "tender.statusChanged", after: { status: "CANCELLED", lots: [{ title: "Perceel A", from: "PLANNED", to: "CANCELLED" }] } });
  });
});

describe("removing a lot (issue 15)", () => {
  /** West's Wmo tender with a fresh lot that Leudal and Nederweert chose for (one in, one out), with two milestones. */
  async function chosenLot() {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const tender = (await coordinator.tender.board(ws)).tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const lot = await coordinator.lot.add({ ...ws, tenderId: tender.id, segment: "5", title: `Jongvolwassenen ${Math.random()}`, regionalProvidersMin: 2, regionalProvidersMax: 4, notes: "Nieuw" });
    await (await env.callerFor("leudal@demo.regiotafel.nl")).lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("leudal"), participating: true });
    await (await env.callerFor("nederweert@demo.regiotafel.nl")).lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("nederweert"), participating: false });
    await coordinator.milestone.add({ ...ws, tenderId: tender.id, lotId: lot.id, type: "ENGAGEMENT", title: "Publicatie perceel", dueDate: "2027-02-01" });
    await coordinator.milestone.add({ ...ws, tenderId: tender.id, lotId: lot.id, type: "APPROVAL", title: "Gunning perceel", dueDate: "2027-06-10", status: "SCHEDULED" });
    return { tenderId: tender.id, lotId: lot.id };
  }

  /** Everything of the lot that removal must not lose. */
  async function stateOf(lotId: string) {
    const lot = await env.db.prisma.lot.findUnique({
      where: { id: lotId },
      include: { participations: { orderBy: { municipalityId: "asc" } }, milestones: { orderBy: { title: "asc" } }, marketFigures: { select: { id: true } } },
    });
    if (!lot) return null;
    const { version: _version, ...rest } = lot;
    return rest;
  }

  it("is refused to an editor of the tender once other municipalities have chosen, and changes nothing", async () => {
    const { tenderId, lotId } = await chosenLot();
    const weert = await env.callerFor("weert@demo.regiotafel.nl"); // Weert procures this tender
    expect((await weert.tender.get({ ...ws, tenderId })).lots.find((l) => l.id === lotId)).toMatchObject({ canEdit: true, canRemove: false, removalNeedsCoordinator: true });
    const before = await fingerprint(env.db);
    const res = await env.http("weert@demo.regiotafel.nl", "lot.remove", { ...ws, lotId }, "mutation");
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/^Andere gemeenten hebben voor dit perceel al aangegeven of ze meedoen/);
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("by the coordinator keeps every choice and milestone: undo restores them exactly, and the history lists what was removed", async () => {
    const { tenderId, lotId } = await chosenLot();
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    // A market figure tied to the lot (removed again below: Limburg has no market figures of its own).
    const figureId = (await env.db.prisma.marketFigure.create({ data: { workspaceId: (await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } })).id, lotId, label: "Jongvolwassenen", year: 2026, spend: 100 } })).id;
    const original = await stateOf(lotId);
    expect(original!.participations).toHaveLength(2);
    expect(original!.milestones).toHaveLength(2);

    const removed = await coordinator.lot.remove({ ...ws, lotId });
    expect(removed.removed.choices).toEqual([{ name: "Leudal", participating: true }, { name: "Nederweert", participating: false }]);
    expect([...removed.removed.milestones].sort()).toEqual(["Gunning perceel", "Publicatie perceel"]);
    expect(await stateOf(lotId)).toBeNull();
    expect(await env.db.prisma.milestone.count({ where: { lotId } })).toBe(0);
    const event = (await coordinator.workspace.history({ ...ws, entityType: "lot", limit: 1 })).events[0]!;
    expect(event).toMatchObject({ action: "lot.removed", entityId: lotId, before: { title: original!.title, participations: [{ name: "Leudal", participating: true }, { name: "Nederweert", participating: false }] } });
    expect((event.before as { milestones: { title: string }[] }).milestones.map((m) => m.title).sort()).toEqual(["Gunning perceel", "Publicatie perceel"]);

    await coordinator.lot.restore({ ...ws, lotId });
    expect(await stateOf(lotId)).toEqual(original);
    expect((await env.db.prisma.marketFigure.findUniqueOrThrow({ where: { id: figureId } })).lotId).toBe(lotId);
    const restored = (await coordinator.tender.get({ ...ws, tenderId })).lots.find((l) => l.id === lotId)!;
    expect(restored.participations.map((p) => [p.name, p.participating])).toEqual([["Leudal", true], ["Nederweert", false]]);
    expect((await coordinator.workspace.history({ ...ws, entityType: "lot", limit: 1 })).events[0]).toMatchObject({ action: "lot.restored", entityId: lotId });

    // Once back, it cannot be restored a second time; another region cannot restore or remove it.
    const before = await fingerprint(env.db);
    expect(await code(coordinator.lot.restore({ ...ws, lotId }))).toBe("CONFLICT");
    expect(await code((await env.callerFor("coordinator.noord@demo.regiotafel.nl")).lot.remove({ ...ws, lotId }))).toBe("FORBIDDEN");
    expect(await code(coordinator.lot.restore({ ...ws, lotId: crypto.randomUUID() }))).toBe("NOT_FOUND");
    expect(await fingerprint(env.db)).toBe(before);
    await env.db.prisma.marketFigure.delete({ where: { id: figureId } });
  });

  it("a lot nobody else chose for is removed by an editor of the tender, and restored the same way", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const tender = await weert.tender.create({ ...ws, title: "Eigen inkoop Weert", domain: "WMO", level: "LOKAAL", procedure: "OPEN_HOUSE", procuringEntityId: await org("weert") });
    const lot = await weert.lot.add({ ...ws, tenderId: tender.id, title: "Enig perceel" });
    await weert.lot.setParticipation({ ...ws, lotId: lot.id, municipalityId: await org("weert"), participating: true });
    const original = await stateOf(lot.id);
    await weert.lot.remove({ ...ws, lotId: lot.id });
    await weert.lot.restore({ ...ws, lotId: lot.id });
    expect(await stateOf(lot.id)).toEqual(original);
  });
});

describe("governance", () => {
  it("shows each region's organisation form, bodies and the NvO checklist", async () => {
    const g = await (await env.callerFor("weert@demo.regiotafel.nl")).governance.get(ws);
    const west = g.units.find((u) => u.regionName === "Midden-Limburg West")!;
    expect(west.model?.organisationForm).toBe("CONVENANT");
    expect(west.model?.bodies.map((b) => b.name)).toEqual(["Ambtelijke regiegroep", "Stuurgroep"]);
    expect(west.nvo).toHaveLength(8);
    expect(west.nvo[0]!.text).toBe("Vastgestelde regiovisie");
    expect(west.canEdit).toBe(false); // Weert is an editor, not a coordinator
    expect(g.units.find((u) => u.regionName === "Noord-Limburg")!.model?.organisationForm).toBe("WGR_LEGAL_ENTITY");
    expect(g.decisions.some((d) => d.date === "2018-07-03" && d.body === "Stuurgroep")).toBe(true);
  });

  it("refuses a decision attributed to another region's body (issue 15)", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const g = await coordinator.governance.get(ws);
    const noordBody = g.units.find((u) => u.regionName === "Noord-Limburg")!.model!.bodies[0]!;
    const westBody = g.units.find((u) => u.regionName === "Midden-Limburg West")!.model!.bodies[0]!;
    const westId = await region("midden-limburg-west");
    const before = await fingerprint(env.db);
    const res = await env.http("coordinator.west@demo.regiotafel.nl", "governance.addDecision", { ...ws, regionId: westId, bodyId: noordBody.id, date: "2020-01-15", title: "Besluit", decision: "Vastgesteld." }, "mutation");
    expect(res.status).toBe(400);
    expect(res.body.error?.data.fieldErrors?.bodyId).toEqual(["Kies een orgaan van dezelfde regio als het besluit."]);
    expect(await fingerprint(env.db)).toBe(before);
    expect(await code(coordinator.governance.addDecision({ ...ws, regionId: westId, bodyId: westBody.id, date: "2020-01-15", title: "Besluit", decision: "Vastgesteld." }))).toBe("OK");
  });

  it("lets West's coordinator record a decision and tick off an NvO agreement, but not Noord's", async () => {
    const coordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const westId = await region("midden-limburg-west");
    await coordinator.governance.addDecision({ ...ws, regionId: westId, date: "2026-11-24", title: "Regiovisie vastgesteld", decision: "De stuurgroep stelt de regiovisie vast.", documents: [{ title: "Regiovisie", url: "https://example.org/regiovisie.pdf" }] });
    const nvo = (await coordinator.governance.get(ws)).units.find((u) => u.regionId === westId)!.nvo[0]!;
    await coordinator.governance.setNvo({ ...ws, regionId: westId, agreement: 1, status: "DONE", notes: "Vastgesteld 24-11-2026", version: nvo.version });
    const g = await coordinator.governance.get(ws);
    expect(g.units.find((u) => u.regionId === westId)!.nvo[0]).toMatchObject({ status: "DONE", notes: "Vastgesteld 24-11-2026" });
    expect(g.decisions[0]).toMatchObject({ title: "Regiovisie vastgesteld", documents: [{ title: "Regiovisie", url: "https://example.org/regiovisie.pdf" }] });
    expect(await code(coordinator.governance.setNvo({ ...ws, regionId: await region("noord-limburg"), agreement: 2, status: "DONE", notes: "", version: 1 }))).toBe("FORBIDDEN");
  });
});

describe("segments and market analysis", () => {
  it("has the supra-regional BW/MO/OGGz arrangement of the 14 municipalities", async () => {
    const { segments } = await (await env.callerFor("weert@demo.regiotafel.nl")).segment.list(ws);
    const bw = segments.find((s) => s.domain === "BW_MO")!;
    expect(bw.municipalities).toHaveLength(14);
    expect(bw.regions.map((r) => r.name)).toEqual(["Midden-Limburg Oost", "Midden-Limburg West", "Noord-Limburg"]);
    expect(bw.leadRegion?.name).toBe("Noord-Limburg");
    expect(bw.tenders.map((t) => t.title)).toEqual(["Beschermd wonen, maatschappelijke opvang en OGGz Noord- en Midden-Limburg"]);
  });

  it("shows Rivierenland's 2019 market figures per lot with Wmo spend of €12,932,137", async () => {
    const market = await (await env.callerFor("tiel@demo.regiotafel.nl")).market.get({ workspace: "rivierenland" });
    expect(market.year).toBe(2019);
    expect(market.figures).toHaveLength(13);
    expect(market.totals.find((t) => t.domain === "WMO")?.spend).toBe(12_932_137);
    expect(market.figures.find((f) => f.label === "Wonen zonder behandeling")).toMatchObject({ providers: 28, clients: 262, top3Share: 66.1, top10Share: 91.05 });
    expect(market.figures.every((f) => f.lot !== null)).toBe(true);
    // Limburg has no market figures of its own; Rivierenland's stay there.
    expect((await (await env.callerFor("weert@demo.regiotafel.nl")).market.get(ws)).figures).toEqual([]);
  });
});

describe("segments, market figures and documents of another region (issue 15)", () => {
  it("keeps the supra-regional segment to its lead region (Noord): West's coordinator reads it but cannot change it", async () => {
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const { segments, canCreate } = await west.segment.list(ws);
    expect(canCreate).toBe(true);
    const bw = segments.find((s) => s.domain === "BW_MO")!;
    expect(bw.canEdit).toBe(false);
    const before = await fingerprint(env.db);
    const input = { ...ws, segmentId: bw.id, version: bw.version, name: "Overgenomen", domain: "BW_MO" as const, level: "BOVENREGIONAAL" as const, leadRegionId: await region("midden-limburg-west") };
    expect(await code(west.segment.update(input))).toBe("FORBIDDEN");
    expect(await code(west.segment.remove({ ...ws, segmentId: bw.id }))).toBe("FORBIDDEN");
    // Nor can it start a segment that only another region keeps.
    expect(await code(west.segment.create({ ...ws, name: "Voor Noord", domain: "JEUGD", level: "BOVENREGIONAAL", leadRegionId: await region("noord-limburg") }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);
    const noord = await env.callerFor("coordinator.noord@demo.regiotafel.nl");
    expect((await noord.segment.list(ws)).segments.find((s) => s.id === bw.id)!.canEdit).toBe(true);
  });

  it("keeps a lot's market figures to its tender's owners: Tiel reads Rivierenland's, its region keeps them", async () => {
    const rivierenland = { workspace: "rivierenland" };
    const tiel = await env.callerFor("tiel@demo.regiotafel.nl");
    const market = await tiel.market.get(rivierenland);
    expect(market.canAdd).toBe(false);
    expect(market.figures.every((f) => !f.canEdit)).toBe(true);
    const figure = market.figures[0]!;
    const fields = { label: "Overschreven", domain: figure.domain, year: figure.year, spend: 1, providers: null, clients: null, top3Share: null, top10Share: null, lotId: figure.lot!.id };
    const before = await fingerprint(env.db);
    expect(await code(tiel.market.update({ ...rivierenland, figureId: figure.id, version: figure.version, ...fields }))).toBe("FORBIDDEN");
    expect(await code(tiel.market.remove({ ...rivierenland, figureId: figure.id }))).toBe("FORBIDDEN");
    expect(await code(tiel.market.add({ ...rivierenland, ...fields, lotId: null }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);
    const coordinator = await env.callerFor("coordinator.rivierenland@demo.regiotafel.nl");
    expect((await coordinator.market.get(rivierenland)).figures.every((f) => f.canEdit)).toBe(true);
  });

  it("keeps a region's free document to that region: Roermond reads West's, West edits it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const roermond = await env.callerFor("roermond@demo.regiotafel.nl");
    const west = await region("midden-limburg-west");
    const doc = await weert.document.create({ ...ws, kind: "FREE", title: "Notitie West", ownerRegionId: west });
    expect((await roermond.document.get({ ...ws, documentId: doc.id })).canEdit).toBe(false);
    const before = await fingerprint(env.db);
    expect(await code(roermond.document.rename({ ...ws, documentId: doc.id, title: "Van Roermond", version: 1 }))).toBe("FORBIDDEN");
    expect(await code(roermond.document.setArchived({ ...ws, documentId: doc.id, archived: true }))).toBe("FORBIDDEN");
    const refused = await env.http("roermond@demo.regiotafel.nl", "document.create", { ...ws, kind: "FREE", title: "Voor West", ownerRegionId: west }, "mutation");
    expect(refused.status).toBe(403);
    expect(refused.body.error?.data.fieldErrors?.ownerRegionId).toEqual(["Een document van een regio maak je alleen voor je eigen regio; kies je eigen regio of de hele werkruimte."]);
    expect(await fingerprint(env.db)).toBe(before);
    expect((await (await env.callerFor("nederweert@demo.regiotafel.nl")).document.get({ ...ws, documentId: doc.id })).canEdit).toBe(true);
  });
});

describe("history and live changes", () => {
  it("writes an audit event and announces the change once it is committed", async () => {
    const seen: RecordChange[] = [];
    const stop = eventBus.subscribe((event) => {
      if (event.type === "record.changed") seen.push(event);
    });
    try {
      // Venlo's own local tender (the region's joint tenders are its body's and coordinator's).
      const editor = await env.callerFor("venlo@demo.regiotafel.nl");
      const tender = await editor.tender.create({ ...ws, title: "Lokale Wmo Venlo", domain: "WMO", level: "LOKAAL", procedure: "OPEN_HOUSE", procuringEntityId: await org("venlo") });
      const milestone = await editor.milestone.add({ ...ws, tenderId: tender.id, type: "REPORTING", title: "Kwartaalrapportage", dueDate: "2027-04-01" });
      expect(seen).toContainEqual(expect.objectContaining({ entityType: "milestone", entityId: milestone.id, parentId: tender.id, action: "milestone.added" }));
      const history = await editor.workspace.history({ ...ws, entityType: "milestone", limit: 1 });
      expect(history.events[0]).toMatchObject({ action: "milestone.added", after: { title: "Kwartaalrapportage" }, actor: { name: "Inkoop Venlo" } });
    } finally {
      stop();
    }
  });
});
