import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { onRecordChange, type RecordChange } from "@regiotafel/db";
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
    const running = board.tenders.find((t) => t.status === "RUNNING")!;
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

describe("history and live changes", () => {
  it("writes an audit event and announces the change once it is committed", async () => {
    const seen: RecordChange[] = [];
    const stop = onRecordChange((c) => seen.push(c));
    try {
      const editor = await env.callerFor("venlo@demo.regiotafel.nl");
      const tender = (await editor.tender.board(ws)).tenders[0]!;
      const milestone = await editor.milestone.add({ ...ws, tenderId: tender.id, type: "REPORTING", title: "Kwartaalrapportage", dueDate: "2027-04-01" });
      expect(seen).toContainEqual(expect.objectContaining({ entityType: "milestone", entityId: milestone.id, parentId: tender.id, action: "milestone.added" }));
      const history = await editor.workspace.history({ ...ws, entityType: "milestone", limit: 1 });
      expect(history.events[0]).toMatchObject({ action: "milestone.added", after: { title: "Kwartaalrapportage" }, actor: { name: "Inkoop Venlo" } });
    } finally {
      stop();
    }
  });
});
