import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiTestEnv, type ApiTestEnv } from "./test-support";

// The workspace home's "what needs me now" (issue 18, point 1), per role on the Limburg demo.
let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const limburg = { workspace: "limburg" };

describe("workspace.needsMe", () => {
  it("shows Weert's editor the lot its municipality has not chosen for, until Weert chooses; another region's municipality does not see it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl");
    const board = await weert.tender.board(limburg);
    const source = board.tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const { id: lotId } = await west.lot.add({ ...limburg, tenderId: source.id, title: "Dagbesteding jong" });
    await west.milestone.add({ ...limburg, tenderId: source.id, lotId, type: "ENGAGEMENT", title: "Keuze deelname", dueDate: "2099-01-15" });

    const before = await weert.workspace.needsMe(limburg);
    const item = before.lotDecisions.find((d) => d.lotId === lotId);
    expect(item).toEqual({ tenderId: source.id, tenderTitle: "Wmo-begeleiding Midden-Limburg West", lotId, lotTitle: "Dagbesteding jong", deadline: { title: "Keuze deelname", dueDate: "2099-01-15" }, canChoose: true });
    // The coordinator's change on a tender of Weert's region is among Weert's recent changes.
    expect(before.changes.some((c) => c.entityId === lotId && c.tenderId === source.id && c.actor !== null)).toBe(true);
    expect((await venlo.workspace.needsMe(limburg)).lotDecisions.map((d) => d.lotId)).not.toContain(lotId);

    const tender = await weert.tender.get({ ...limburg, tenderId: source.id });
    await weert.lot.setParticipation({ ...limburg, lotId, municipalityId: tender.ownMunicipalityId!, participating: false });
    const after = await weert.workspace.needsMe(limburg);
    expect(after.lotDecisions.map((d) => d.lotId)).not.toContain(lotId);
    // Weert's own choice is not a change "by others".
    expect(after.changes.filter((c) => c.entityId === lotId && c.action === "lot.participation")).toHaveLength(0);
  });

  it("shows the coordinator the scoring round waiting for their organisation's scores, until every cell is scored", async () => {
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const { assessments } = await west.assessment.list(limburg);
    const round = await west.assessment.get({ ...limburg, assessmentId: assessments.find((a) => a.title === "Scenario's samenwerking inkoop Midden-Limburg West")!.id });
    expect(round.myParticipantId).not.toBeNull();
    const waiting = (await west.workspace.needsMe(limburg)).scoring.find((s) => s.id === round.id);
    expect(waiting).toMatchObject({ title: round.title, cells: round.scenarios.length * round.criteria.length });

    for (const s of round.scenarios) for (const c of round.criteria) await west.assessment.score({ ...limburg, assessmentId: round.id, scenarioId: s.id, criterionId: c.id, score: 3 });
    expect((await west.workspace.needsMe(limburg)).scoring.map((s) => s.id)).not.toContain(round.id);
  });

  it("shows a library moderator who is a member the review waiting", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    await admin.member.add({ ...limburg, email: "redactie@demo.regiotafel.nl", role: "VIEWER" });
    const moderator = await env.callerFor("redactie@demo.regiotafel.nl");
    expect((await moderator.workspace.needsMe(limburg)).reviews).toHaveLength(0);

    const network = (await weert.library.networks()).find((n) => n.name === "Leernetwerk Inkoop met Inhoud")!;
    const source = (await weert.tender.board(limburg)).tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const preview = await weert.library.preview({ ...limburg, kind: "LOT_STRUCTURE", sourceId: source.id });
    const submitted = await weert.library.publish({ ...limburg, networkId: network.id, kind: "LOT_STRUCTURE", sourceId: source.id, title: "Percelen ter beoordeling", description: "", tags: [], previewHash: preview.hash });

    const reviews = (await moderator.workspace.needsMe(limburg)).reviews;
    expect(reviews).toEqual([expect.objectContaining({ id: submitted.versionId, templateId: submitted.id, title: "Percelen ter beoordeling", number: 1 })]);
    // Members who moderate nothing see no reviews.
    expect((await weert.workspace.needsMe(limburg)).reviews).toHaveLength(0);
  });

  it("gives someone with nothing open empty lists", async () => {
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const home = await admin.workspace.needsMe(limburg);
    expect(home).toMatchObject({ lotDecisions: [], scoring: [], milestones: [], reviews: [], changes: [] });
    expect(home.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("lists a milestone of my region's tender that is overdue, and not one far ahead", async () => {
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const source = (await weert.tender.board(limburg)).tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const overdue = await west.milestone.add({ ...limburg, tenderId: source.id, type: "APPROVAL", title: "Besluit college", dueDate: "2020-02-03" });
    const later = await west.milestone.add({ ...limburg, tenderId: source.id, type: "APPROVAL", title: "Verre mijlpaal", dueDate: "2099-06-01" });
    const { milestones } = await weert.workspace.needsMe(limburg);
    expect(milestones.find((m) => m.id === overdue.id)).toMatchObject({ overdue: true, tenderId: source.id, dueDate: "2020-02-03" });
    expect(milestones.map((m) => m.id)).not.toContain(later.id);
  });
});

describe("workspace.attention", () => {
  it("counts per workspace what waits for the user there, the same items as each workspace's home, and nothing of workspaces they are not in", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const attention = await weert.workspace.attention();
    const mine = (await weert.workspace.list()).map((w) => w.slug).sort();
    expect(attention.map((a) => a.slug).sort()).toEqual(mine);
    for (const { slug, ...counts } of attention) {
      const home = await weert.workspace.needsMe({ workspace: slug });
      expect(counts).toEqual({
        mentions: home.mentions.length,
        lotDecisions: home.lotDecisions.length,
        scoring: home.scoring.length,
        overdue: home.milestones.filter((m) => m.overdue).length,
        upcoming: home.milestones.filter((m) => !m.overdue).length,
      });
    }
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const source = (await weert.tender.board(limburg)).tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const before = attention.find((a) => a.slug === "limburg")!.lotDecisions;
    await west.lot.add({ ...limburg, tenderId: source.id, title: "Nog een keuze voor Weert" });
    expect((await weert.workspace.attention()).find((a) => a.slug === "limburg")!.lotDecisions).toBe(before + 1);
    // The admin's Limburg has nothing open; they see only their own workspaces.
    expect((await admin.workspace.attention()).map((a) => a.slug).sort()).toEqual((await admin.workspace.list()).map((w) => w.slug).sort());
  });
});
