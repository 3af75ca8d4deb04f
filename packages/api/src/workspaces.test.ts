// Workspaces and the directory through the API (ADR 0022): a creator the platform allowed makes
// a workspace from the directory and is its admin; a platform administrator stewards it without
// reading its content; archived workspaces refuse every member mutation; the directory's
// procedures for platform administrators.
import { describeError } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiTestEnv, type ApiTestEnv, refusal } from "./test-support";

const PLATFORM = "platform@demo.regiotafel.nl";
let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

describe("creating workspaces", () => {
  it("a user the platform administrator allowed creates one from the directory and becomes its admin; taking the permission back stops them", async () => {
    const platform = await env.callerFor(PLATFORM);
    const creator = await env.callerFor("venlo@demo.regiotafel.nl");
    const fields = { name: "Twente", slug: "twente", regions: [{ name: "Twente", organisationForm: "CONVENANT", municipalities: "Enschede, Hengelo, GM0164" }] };
    expect(await refusal(creator.workspaces.create(fields))).toBe("FORBIDDEN forbidden");
    await platform.workspaces.grantCreator({ email: "venlo@demo.regiotafel.nl" });
    expect(await creator.workspaces.standing()).toEqual({ platformAdmin: false, workspaceCreator: true, organisationAdmin: false });
    // Search as you type is theirs too (the form's picker); creating the rest of the directory is not.
    expect((await creator.directory.search({ query: "hengel", kind: "MUNICIPALITY" })).map((h) => h.name)).toEqual(["Hengelo (O.)"]);
    expect(await refusal(creator.directory.createOrganisation({ name: "X", kind: "OTHER" }))).toBe("FORBIDDEN forbidden");

    const created = await creator.workspaces.create(fields);
    // "Hengelo" is CBS's "Hengelo (O.)", the only Hengelo; GM0164 is the same one again.
    expect(created.regions[0]!.municipalities.map((m) => m.name).sort()).toEqual(["Enschede", "Hengelo (O.)"]);
    const overview = await creator.workspace.overview({ workspace: "twente" });
    expect(overview).toMatchObject({ name: "Twente", archived: false, me: { role: "ADMIN" } });
    expect(overview.regions.map((r) => r.municipalities.map((m) => m.name).sort())).toEqual([["Enschede", "Hengelo (O.)"]]);

    // A taken address and unknown municipalities answer on their fields.
    expect(await refusal(creator.workspaces.create({ ...fields, name: "Twente 2" }))).toBe("CONFLICT workspace.slugTaken slug");
    expect(await refusal(creator.workspaces.create({ ...fields, slug: "twente-2", regions: [{ ...fields.regions[0]!, municipalities: "Oldenzaal, Atlantis" }] }))).toBe(
      "BAD_REQUEST workspace.unknownMunicipalities regions",
    );
    // An invalid address is an invalid input, with the address's own message on its field.
    const invalid = await creator.workspaces.create({ ...fields, slug: "Twente Twee" }).catch((error: unknown) => describeError(error, "nl"));
    expect(invalid).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { slug: [expect.stringMatching(/kleine letters/)] } });

    const [grant] = await platform.workspaces.creators();
    await platform.workspaces.revokeCreator({ userId: grant!.userId });
    expect(await refusal(creator.workspaces.create({ ...fields, slug: "twente-3" }))).toBe("FORBIDDEN forbidden");
  });
});

describe("stewarding a workspace", () => {
  it("a platform administrator who is no member sees its regions, never its content, and can archive it; archived refuses every member mutation", async () => {
    const platform = await env.callerFor(PLATFORM);
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    expect(await refusal(platform.workspace.overview({ workspace: "limburg" }))).toBe("NOT_FOUND notFound");
    expect(await refusal(platform.document.list({ workspace: "limburg" }))).toBe("NOT_FOUND notFound");
    const settings = await platform.workspaces.settings({ workspace: "limburg" });
    expect(settings).toMatchObject({ slug: "limburg", isMember: false, archived: false });
    expect(settings.regions.length).toBeGreaterThan(1);
    expect(Object.keys(settings).sort()).toEqual(["archived", "archivedAt", "createdAt", "isMember", "memberCount", "name", "regions", "slug"]);

    await platform.workspaces.setArchived({ workspace: "limburg", archived: true });
    const staffing = await admin.staffing.list({ workspace: "limburg" });
    expect(staffing).toBeTruthy();
    const weert = (await admin.workspace.overview({ workspace: "limburg" })).regions.flatMap((r) => r.municipalities).find((m) => m.name === "Weert")!;
    expect(
      await refusal(admin.staffing.add({ workspace: "limburg", municipalityId: weert.id, function: "Inkoper", fteCurrent: 1, fteMinimum: 1, employment: "EMPLOYED", notes: "" })),
    ).toBe("FORBIDDEN workspace.archived");
    expect(await refusal(admin.member.remove({ workspace: "limburg", userId: (await env.db.prisma.user.findUniqueOrThrow({ where: { email: "venlo@demo.regiotafel.nl" } })).id }))).toBe(
      "FORBIDDEN workspace.archived",
    );
    // The regions of an archived workspace stay as they are too.
    expect(await refusal(admin.workspaces.addRegion({ workspace: "limburg", name: "Zuid", organisationForm: "CONVENANT", municipalities: "Maastricht" }))).toBe(
      "FORBIDDEN workspace.archived",
    );
    const venlo = (await env.db.prisma.user.findUniqueOrThrow({ where: { email: "venlo@demo.regiotafel.nl" } })).id;
    expect(await refusal(admin.member.changeRole({ workspace: "limburg", userId: venlo, role: "VIEWER" }))).toBe("FORBIDDEN workspace.archived");
    await admin.workspaces.setArchived({ workspace: "limburg", archived: false });
    expect(await refusal(admin.member.changeRole({ workspace: "limburg", userId: venlo, role: "VIEWER" }))).toBe("OK");
  });

  it("deleting needs the exact name; a member below admin may not", async () => {
    const coordinator = await env.callerFor("coordinator.rivierenland@demo.regiotafel.nl");
    expect(await refusal(coordinator.workspaces.delete({ workspace: "rivierenland", confirmName: "Rivierenland" }))).toBe("FORBIDDEN forbidden");
    const platform = await env.callerFor(PLATFORM);
    expect(await refusal(platform.workspaces.delete({ workspace: "rivierenland", confirmName: "rivierenland" }))).toBe("BAD_REQUEST workspace.confirmName confirmName");
    const name = (await platform.workspaces.settings({ workspace: "rivierenland" })).name;
    expect(await refusal(platform.workspaces.delete({ workspace: "rivierenland", confirmName: name }))).toBe("OK");
    expect(await refusal(platform.workspaces.settings({ workspace: "rivierenland" }))).toBe("NOT_FOUND notFound");
    const audit = await env.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "workspace.deleted" } });
    expect(audit.workspaceId).toBeNull();
  });
});

describe("the directory", () => {
  it("platform administrators add organisations and record mergers; merged municipalities stay listed under their old names", async () => {
    const platform = await env.callerFor(PLATFORM);
    await platform.directory.createOrganisation({ name: "Zorgkantoor Twente", kind: "REGIONAL_BODY" });
    expect(await refusal(platform.directory.createOrganisation({ name: "Zorgkantoor Twente", kind: "OTHER" }))).toBe("CONFLICT directory.nameTaken name");
    const result = await platform.directory.mergeMunicipalities({ successor: { cbsCode: "GM1999", name: "Dinkelland-Tubbergen", province: "Overijssel" }, merged: ["GM1774", "GM1700"], date: "2026-01-01" });
    expect(result.createdSuccessor).toBe(true);
    const { others, merged } = await platform.directory.organisations();
    expect(others.map((o) => o.name)).toContain("Zorgkantoor Twente");
    expect(merged.map((m) => [m.cbsCode, m.successor?.name])).toEqual(
      expect.arrayContaining([
        ["GM1774", "Dinkelland-Tubbergen"],
        ["GM1700", "Dinkelland-Tubbergen"],
      ]),
    );
    // Search finds the successor, not the municipalities that ended.
    expect((await platform.directory.search({ query: "dinkelland", kind: "" })).map((h) => h.name)).toEqual(["Dinkelland-Tubbergen"]);
  });
});
