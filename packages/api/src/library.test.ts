import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { plainText } from "@regiotafel/collab";
import { describeError } from "@regiotafel/domain";
import { createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const code = async (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? e.code : Promise.reject(e)));
/** The Dutch message a user would see for the refusal (next to `field` when given). */
const messageOf = async (p: Promise<unknown>, field?: string) =>
  p.then(
    () => "OK",
    (e: unknown) => {
      if (!(e instanceof TRPCError)) return Promise.reject(e);
      const description = describeError(e, "nl");
      return field ? description.fieldErrors?.[field]?.join(" ") : description.message;
    },
  );
const limburg = { workspace: "limburg" };
const rivierenland = { workspace: "rivierenland" };
const DEMO_ASSESSMENT = "Scenario's samenwerking inkoop Midden-Limburg West";

async function demoAssessment() {
  const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
  const { assessments } = await west.assessment.list(limburg);
  return west.assessment.get({ ...limburg, assessmentId: assessments.find((a) => a.title === DEMO_ASSESSMENT)!.id });
}

describe("scenario assessment", () => {
  it("starts with seed 001's five scenarios, seven criteria and the regions and MLW municipalities as participants", async () => {
    const a = await demoAssessment();
    expect(a.scenarios).toHaveLength(5);
    expect(a.criteria.map((c) => c.title)).toEqual([
      "Bestuurlijk haalbaar",
      "Beleidsontwikkeling",
      "Lokale beïnvloeding",
      "Slagkracht/bureaucratie",
      "Kwaliteit inkooporganisatie",
      "Beleid versus uitvoering",
      "Onderhandelingspositie",
    ]);
    expect(a.participants.map((p) => p.name)).toEqual(expect.arrayContaining(["Leudal", "Nederweert", "Weert"]));
    expect(a.participants).toHaveLength(6);
    expect(a.status).toBe("OPEN");
  });

  it("lets each participant score for itself only, with weighted totals and the spread", async () => {
    const a = await demoAssessment();
    const [s1] = a.scenarios;
    const [c1, c2] = a.criteria;
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    await west.assessment.setWeight({ ...limburg, criterionId: c2!.id, weight: 2 });
    await west.assessment.score({ ...limburg, assessmentId: a.id, scenarioId: s1!.id, criterionId: c1!.id, score: 5, rationale: "Snel haalbaar" });
    await west.assessment.score({ ...limburg, assessmentId: a.id, scenarioId: s1!.id, criterionId: c2!.id, score: 3 });
    // A participant id in the input is not an input: Weert's score is Weert's, whatever it sends.
    const sneaky = { ...limburg, assessmentId: a.id, scenarioId: s1!.id, criterionId: c1!.id, score: 1, participantId: a.participants.find((p) => p.name === "Leudal")!.id };
    await weert.assessment.score(sneaky as never);
    const after = await west.assessment.get({ ...limburg, assessmentId: a.id });
    const byName = new Map(after.participants.map((p) => [p.id, p.name]));
    expect(after.scores.map((s) => [byName.get(s.participantId), s.score]).sort()).toEqual([
      ["Convenant Midden-Limburg West", 3],
      ["Convenant Midden-Limburg West", 5],
      ["Weert", 1],
    ].sort());
    const result = after.results.scenarios.find((s) => s.id === s1!.id)!;
    const totals = Object.fromEntries(result.perParticipant.filter((p) => p.total !== null).map((p) => [p.name, p.total]));
    expect(totals).toEqual({ "Convenant Midden-Limburg West": 11, Weert: 1 }); // 5×1 + 3×2, and 1×1
    expect(result.total).toBe(6);
    expect(result.spread).toBe(10);
    expect(after.results.maximum).toBe(40); // 8 weight points × 5
  });

  it("refuses scores outside 1/3/5 and members who do not take part, changing nothing", async () => {
    const a = await demoAssessment();
    const cell = { ...limburg, assessmentId: a.id, scenarioId: a.scenarios[1]!.id, criterionId: a.criteria[0]!.id };
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl"); // Venlo is not a participant
    const before = await fingerprint(env.db);
    expect(await messageOf(weert.assessment.score({ ...cell, score: 4 }), "score")).toBe("Geef 1, 3 of 5 punten.");
    expect(await code(weert.assessment.score({ ...cell, score: 0 }))).toBe("BAD_REQUEST");
    expect(await code(venlo.assessment.score({ ...cell, score: 3 }))).toBe("FORBIDDEN");
    expect(await code(weert.assessment.score({ ...cell, scenarioId: crypto.randomUUID(), score: 3 }))).toBe("NOT_FOUND");
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("locks the round with an audit event; scoring and weighting afterwards are refused", async () => {
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const created = await west.assessment.create({
      ...limburg,
      title: "Te vergrendelen",
      scenarios: [{ title: "A" }, { title: "B" }],
      criteria: [{ title: "C", weight: 1 }],
      participantIds: [(await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id],
    });
    const a = await west.assessment.get({ ...limburg, assessmentId: created.id });
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    await weert.assessment.score({ ...limburg, assessmentId: a.id, scenarioId: a.scenarios[0]!.id, criterionId: a.criteria[0]!.id, score: 3 });
    await west.assessment.lock({ ...limburg, assessmentId: a.id, version: a.version });
    const history = await west.workspace.history({ ...limburg, entityType: "assessment", limit: 5 });
    expect(history.events[0]).toMatchObject({ action: "assessment.locked", entityId: a.id });

    const before = await fingerprint(env.db);
    expect(await messageOf(weert.assessment.score({ ...limburg, assessmentId: a.id, scenarioId: a.scenarios[1]!.id, criterionId: a.criteria[0]!.id, score: 5 }))).toBe(
      "Deze beoordeling is vastgesteld en kan niet meer worden gewijzigd.",
    );
    expect(await code(west.assessment.setWeight({ ...limburg, criterionId: a.criteria[0]!.id, weight: 5 }))).toBe("CONFLICT");
    expect(await code(west.assessment.lock({ ...limburg, assessmentId: a.id, version: a.version + 1 }))).toBe("CONFLICT");
    expect(await fingerprint(env.db)).toBe(before);
    expect((await weert.assessment.get({ ...limburg, assessmentId: a.id })).myParticipantId).toBeNull();
  });
});

describe("a score never lands after the lock (issue 15)", () => {
  /** A fresh open assessment that Weert and Leudal score, with `cells` scenarios × one criterion. */
  async function openAssessment(cells: number) {
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const participantIds = await Promise.all(["weert", "leudal"].map(async (slug) => (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug } })).id));
    const created = await west.assessment.create({
      ...limburg,
      title: `Race ${crypto.randomUUID()}`,
      scenarios: Array.from({ length: cells }, (_, i) => ({ title: `S${i}` })),
      criteria: [{ title: "C", weight: 1 }],
      participantIds,
    });
    return { west, a: await west.assessment.get({ ...limburg, assessmentId: created.id }) };
  }

  it("a score sent while the lock is being taken waits for it and is refused", async () => {
    const { a } = await openAssessment(1);
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const cell = { ...limburg, assessmentId: a.id, scenarioId: a.scenarios[0]!.id, criterionId: a.criteria[0]!.id, score: 5 };
    let scoring: Promise<string> | undefined;
    let settled = false;
    await env.db.prisma.$transaction(async (tx) => {
      // The lock, held open: the row is LOCKED but not yet committed.
      await tx.assessment.update({ where: { id: a.id }, data: { status: "LOCKED", lockedAt: new Date(), version: { increment: 1 } } });
      scoring = code(weert.assessment.score(cell)).finally(() => (settled = true));
      // On PostgreSQL the score runs on its own connection: wait until it either finished or waits for our row.
      // (PGlite has one connection: the score waits for this transaction to end.)
      if (env.db.kind === "postgres") {
        for (let i = 0; i < 1000 && !settled; i++) {
          const [waiting] = await tx.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.datname = current_database()`;
          if (waiting!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    });
    expect(await scoring).toBe("CONFLICT");
    expect(await env.db.prisma.assessmentScore.count({ where: { assessmentId: a.id } })).toBe(0);
  });

  it("concurrent scores and a lock: every score either lands before the lock (and is counted in it) or is refused", async () => {
    for (let round = 0; round < 3; round++) {
      const { west, a } = await openAssessment(6);
      const weert = await env.callerFor("weert@demo.regiotafel.nl");
      const leudal = await env.callerFor("leudal@demo.regiotafel.nl");
      const scores = a.scenarios.flatMap((s) =>
        [weert, leudal].map((caller) => code(caller.assessment.score({ ...limburg, assessmentId: a.id, scenarioId: s.id, criterionId: a.criteria[0]!.id, score: 3 }))),
      );
      const lock = code(west.assessment.lock({ ...limburg, assessmentId: a.id, version: a.version }));
      const outcomes = await Promise.all(scores);
      expect(await lock).toBe("OK");
      expect(outcomes.every((o) => o === "OK" || o === "CONFLICT")).toBe(true);
      const stored = await env.db.prisma.assessmentScore.count({ where: { assessmentId: a.id } });
      expect(stored).toBe(outcomes.filter((o) => o === "OK").length);
      const locked = await env.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "assessment.locked", entityId: a.id } });
      // The lock counted the scores it froze: none arrived after it.
      expect((locked.after as { scores: number }).scores).toBe(stored);
    }
  });
});

describe("publishing only what one may change (issue 15)", () => {
  const tenderOf = async (title: string) => (await (await env.callerFor("weert@demo.regiotafel.nl")).tender.board(limburg)).tenders.find((t) => t.title === title)!.id;

  it("an editor publishes their own tender's structure, never another municipality's or region's, nor a matrix", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const network = (await weert.library.networks()).find((n) => n.name === "Leernetwerk Inkoop met Inhoud")!;
    const roermondTender = await tenderOf("Gebiedsgerichte Wmo-ondersteuning Roermond");
    const noordTender = await tenderOf("Wmo-ondersteuning Noord-Limburg");
    const before = await fingerprint(env.db);
    for (const sourceId of [roermondTender, noordTender]) {
      expect(await messageOf(weert.library.preview({ ...limburg, kind: "LOT_STRUCTURE", sourceId }), "sourceId")).toBe(
        "Je publiceert alleen wat je zelf mag wijzigen: een stuk, beoordeling of aanbesteding van je eigen gemeente of regio.",
      );
      const publication = { ...limburg, networkId: network.id, kind: "LOT_STRUCTURE" as const, sourceId, title: "Niet van mij", description: "", tags: [], previewHash: "0".repeat(64) };
      expect(await code(weert.library.publish(publication))).toBe("FORBIDDEN");
    }
    const a = await demoAssessment();
    expect(await code(weert.library.preview({ ...limburg, kind: "SCENARIO_MATRIX", sourceId: a.id }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);

    expect(await code(weert.library.preview({ ...limburg, kind: "LOT_STRUCTURE", sourceId: await tenderOf("Hulp bij het huishouden Midden-Limburg West") }))).toBe("OK");
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    expect(await code(west.library.preview({ ...limburg, kind: "SCENARIO_MATRIX", sourceId: a.id }))).toBe("OK");
  });

  it("a tender made from a template belongs to the member's own organisation and region; not to another", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const plan = (await weert.library.list({ kind: "MILESTONE_PLAN" })).templates[0]!;
    const before = await fingerprint(env.db);
    const roermond = (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "roermond" } })).id;
    expect(await code(weert.library.use({ ...limburg, templateId: plan.id, title: "Planning voor Roermond", procuringEntityId: roermond }))).toBe("FORBIDDEN");
    expect(await fingerprint(env.db)).toBe(before);
    const used = await weert.library.use({ ...limburg, templateId: plan.id, title: "Planning Weert", startDate: "2027-01-04" });
    const tender = await env.db.prisma.tender.findUniqueOrThrow({ where: { id: used.id }, include: { procuringEntity: true } });
    expect(tender.procuringEntity.slug).toBe("weert");
    expect(tender.ownerRegionId).toBe((await env.db.prisma.region.findUniqueOrThrow({ where: { slug: "midden-limburg-west" } })).id);
    expect((await weert.tender.get({ ...limburg, tenderId: used.id })).canEdit).toBe(true);
  });
});

describe("template library", () => {
  it("shows the demo network's five templates to members of both workspaces", async () => {
    for (const email of ["weert@demo.regiotafel.nl", "tiel@demo.regiotafel.nl"]) {
      const { templates, tags } = await (await env.callerFor(email)).library.list({});
      expect(templates.map((t) => t.kind).sort()).toEqual(["MILESTONE_PLAN", "NVO_CHECKLIST", "PROJECT_ASSIGNMENT", "SCENARIO_MATRIX", "STRATEGY_OUTLINE"]);
      expect(tags).toContain("jeugd");
    }
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    expect((await weert.library.list({ kind: "NVO_CHECKLIST" })).templates).toHaveLength(1);
    expect((await weert.library.list({ tag: "planning" })).templates.map((t) => t.kind)).toEqual(["MILESTONE_PLAN"]);
    expect((await weert.library.list({ query: "projectopdracht" })).templates.map((t) => t.kind)).toEqual(["PROJECT_ASSIGNMENT"]);
  });

  it("publishes exactly the previewed structure, after review, and copies only structure into another workspace", async () => {
    const westCoordinator = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const moderator = await env.callerFor("redactie@demo.regiotafel.nl");
    const tiel = await env.callerFor("tiel@demo.regiotafel.nl");
    const network = (await weert.library.networks()).find((n) => n.name === "Leernetwerk Inkoop met Inhoud")!;
    expect(network.isModerator).toBe(false);

    // Source: West's Wmo tender, with its lots, participations and notes.
    const board = await weert.tender.board(limburg);
    const source = board.tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
    const tender = await weert.tender.get({ ...limburg, tenderId: source.id });
    await weert.lot.setParticipation({ ...limburg, lotId: tender.lots[0]!.id, municipalityId: tender.ownMunicipalityId!, participating: true });

    const preview = await weert.library.preview({ ...limburg, kind: "LOT_STRUCTURE", sourceId: source.id });
    expect(preview.content).toMatchObject({ domain: "WMO", lots: tender.lots.map((l) => ({ title: l.title, segment: l.segment })) });

    // The source changes after the preview: publishing the old preview is refused.
    await westCoordinator.lot.add({ ...limburg, tenderId: source.id, title: "Ouderen extra" });
    const stale = { ...limburg, networkId: network.id, kind: "LOT_STRUCTURE" as const, sourceId: source.id, title: "Percelen Wmo-begeleiding", description: "Vier percelen", tags: ["wmo"], previewHash: preview.hash };
    expect(await code(weert.library.publish(stale))).toBe("CONFLICT");
    const fresh = await weert.library.preview({ ...limburg, kind: "LOT_STRUCTURE", sourceId: source.id });
    const submitted = await weert.library.publish({ ...stale, previewHash: fresh.hash });
    expect(submitted.number).toBe(1);

    // Not in the library until a moderator approves it; members cannot approve.
    expect((await tiel.library.list({ query: "Percelen Wmo-begeleiding" })).templates).toHaveLength(0);
    expect(await code(tiel.library.get({ templateId: submitted.id }))).toBe("NOT_FOUND");
    expect(await code(weert.library.review({ versionId: submitted.versionId, approve: true }))).toBe("FORBIDDEN");
    expect((await moderator.library.reviewQueue()).map((v) => v.id)).toContain(submitted.versionId);
    await moderator.library.review({ versionId: submitted.versionId, approve: true, note: "Mooi voorbeeld" });

    const published = await tiel.library.get({ templateId: submitted.id });
    expect(published.content).toEqual(fresh.content);
    expect(published.provenance).toBe("Samenwerking inkoop sociaal domein Limburg · Midden-Limburg West");

    // Rivierenland uses it: a new tender in planning with the lots, and nothing of Limburg's data.
    const tielOrg = (await tiel.workspace.overview(rivierenland)).me.organisationId;
    const used = await tiel.library.use({ ...rivierenland, templateId: submitted.id, title: "Wmo-begeleiding Rivierenland", procuringEntityId: tielOrg });
    expect(used.type).toBe("tender");
    const copy = await tiel.tender.get({ ...rivierenland, tenderId: used.id });
    expect(copy.lots.map((l) => l.title)).toEqual(fresh.content && (fresh.content as { lots: { title: string }[] }).lots.map((l) => l.title));
    expect(copy.status).toBe("PLANNED");
    expect(copy.lots.every((l) => l.participations.length === 0 && l.notes === "" && l.status === "PLANNED")).toBe(true);
    expect(copy.participants).toEqual([]);
    expect(copy.milestones).toEqual([]);
    const limburgIds = new Set((await env.db.prisma.organisation.findMany({ where: { region: { workspaces: { some: { workspace: { slug: "limburg" } } } } }, select: { id: true } })).map((o) => o.id));
    const serialized = JSON.stringify(copy);
    for (const id of [...limburgIds, source.id, ...tender.lots.map((l) => l.id)]) expect(serialized).not.toContain(id);
  });

  it("notifies workspaces that used an older version when a new one is approved", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const tiel = await env.callerFor("tiel@demo.regiotafel.nl");
    const moderator = await env.callerFor("redactie@demo.regiotafel.nl");
    const network = (await weert.library.networks())[0]!;
    const { documents } = { documents: await weert.document.list(limburg) };
    const strategy = documents.find((d) => d.kind === "STRATEGY")!;
    const preview = await weert.library.preview({ ...limburg, kind: "STRATEGY_OUTLINE", sourceId: strategy.id });
    const base = { ...limburg, networkId: network.id, kind: "STRATEGY_OUTLINE" as const, sourceId: strategy.id, title: "Opzet strategie Limburg", description: "", tags: [] };
    const v1 = await weert.library.publish({ ...base, previewHash: preview.hash });
    await moderator.library.review({ versionId: v1.versionId, approve: true });

    const used = await tiel.library.use({ ...rivierenland, templateId: v1.id, title: "Onze strategie" });
    expect(used.type).toBe("document");
    // The copy holds the headings, and none of the text Limburg wrote under them.
    const state = await env.hub.currentState(used.id);
    const text = plainText(state);
    expect(text).toContain((preview.content as { sections: { heading: string }[] }).sections[0]!.heading);
    expect(text).not.toContain("Waarom een nieuwe inkoopstrategie?");
    expect(await tiel.notification.list(rivierenland)).toEqual([]);

    // A new version is offered for templates this workspace published, not for others'.
    expect((await weert.library.fromWorkspace({ ...limburg, kind: "STRATEGY_OUTLINE" })).map((t) => t.id)).toContain(v1.id);
    expect((await tiel.library.fromWorkspace({ ...rivierenland, kind: "STRATEGY_OUTLINE" })).map((t) => t.id)).not.toContain(v1.id);
    expect(await code(tiel.library.publish({ ...base, ...rivierenland, sourceId: strategy.id, templateId: v1.id, previewHash: preview.hash }))).toBe("NOT_FOUND");
    const v2 = await weert.library.publish({ ...base, templateId: v1.id, title: "Opzet strategie Limburg (herzien)", previewHash: preview.hash });
    expect(v2.number).toBe(2);
    await moderator.library.review({ versionId: v2.versionId, approve: true });
    const [notice] = await tiel.notification.list(rivierenland);
    expect(notice).toMatchObject({ kind: "template.newVersion", templateId: v1.id, params: { title: "Opzet strategie Limburg (herzien)", version: 2 } });
    expect(await weert.notification.list(limburg)).toEqual([]);
    // Tiel's members find it in their notification centre; Limburg's members do not.
    const inbox = await tiel.inbox.list({});
    expect(inbox.items.find((i) => i.kind === "templateVersion")).toMatchObject({ path: `/bibliotheek/${v1.id}`, params: { title: "Opzet strategie Limburg (herzien)", version: 2 }, workspace: { slug: "rivierenland" } });
    expect((await weert.inbox.list({})).items.filter((i) => i.kind === "templateVersion" && i.path === `/bibliotheek/${v1.id}`)).toEqual([]);
    await tiel.notification.dismiss({ ...rivierenland, notificationId: notice!.id });
    expect(await tiel.notification.list(rivierenland)).toEqual([]);
    expect(await code(weert.notification.dismiss({ ...limburg, notificationId: notice!.id }))).toBe("NOT_FOUND");

    // Unpublishing takes it out of the library but leaves the copy alone.
    await moderator.library.unpublish({ templateId: v1.id });
    expect((await tiel.library.list({})).templates.map((t) => t.id)).not.toContain(v1.id);
    expect((await tiel.document.get({ ...rivierenland, documentId: used.id })).title).toBe("Onze strategie");
    expect(await code(tiel.library.use({ ...rivierenland, templateId: v1.id, title: "Nog eens" }))).toBe("NOT_FOUND");
  });
});

describe("publishing races", () => {
  it("numbers two new versions submitted at once apart, or refuses one with CONFLICT: never a server error", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const network = (await weert.library.networks())[0]!;
    const strategy = (await weert.document.list(limburg)).find((d) => d.kind === "STRATEGY")!;
    const preview = await weert.library.preview({ ...limburg, kind: "STRATEGY_OUTLINE", sourceId: strategy.id });
    const base = { ...limburg, networkId: network.id, kind: "STRATEGY_OUTLINE" as const, sourceId: strategy.id, title: "Opzet strategie", description: "", tags: [], previewHash: preview.hash };
    const v1 = await weert.library.publish(base);
    for (let round = 0; round < 3; round++) {
      const submissions = await Promise.allSettled([weert.library.publish({ ...base, templateId: v1.id }), weert.library.publish({ ...base, templateId: v1.id })]);
      const outcomes = submissions.map((s) => (s.status === "fulfilled" ? "OK" : s.reason instanceof TRPCError ? s.reason.code : String(s.reason)));
      expect(outcomes.filter((o) => o !== "OK" && o !== "CONFLICT")).toEqual([]);
      expect(outcomes).toContain("OK");
    }
    const numbers = (await env.db.prisma.templateVersion.findMany({ where: { templateId: v1.id }, select: { number: true } })).map((v) => v.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe("search", () => {
  it("finds documents, tenders, lots, decisions and templates, with Dutch stemming and prefixes", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const kinds = async (q: string) => new Set((await weert.search.query({ query: q })).map((h) => h.kind));
    expect(await kinds("inkoopstrategie")).toEqual(new Set(["document", "template"]));
    expect(await kinds("begeleid")).toContain("tender");
    expect(await kinds("logeren")).toContain("lot");
    const hits = await weert.search.query({ query: "aanbestedingen" }); // stems to "aanbested"
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.workspace === null || h.workspace.slug === "limburg")).toBe(true);
  });

  it("never returns another workspace's content", async () => {
    const tiel = await env.callerFor("tiel@demo.regiotafel.nl");
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    // Something only Rivierenland has, and something only Limburg has.
    const rivierenlandHits = await tiel.search.query({ query: "Rivierenland" });
    expect(rivierenlandHits.some((h) => h.workspace?.slug === "rivierenland")).toBe(true);
    for (const hit of await weert.search.query({ query: "Rivierenland" })) expect(hit.workspace?.slug).not.toBe("rivierenland");
    for (const hit of await tiel.search.query({ query: "Limburg" })) expect(hit.workspace?.slug).not.toBe("limburg");
    expect(await weert.search.query({ query: "Rivierenland", workspace: "rivierenland" })).toEqual([]);
    expect(await code(weert.search.query({ query: "x" }))).toBe("BAD_REQUEST");
  });
});
