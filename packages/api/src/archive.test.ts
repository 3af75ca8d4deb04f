import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PLATFORM_ADMIN } from "@regiotafel/db";
import { initialState } from "@regiotafel/collab";
import { damagedState } from "@regiotafel/collab/testing";
import { openArchive } from "@regiotafel/archive";
import { errorMessage } from "@regiotafel/domain";
import { createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

// The whole-workspace export and import through their procedures (ADR 0025). Who may run them
// is in the tenancy matrix; here: what they do.

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

async function download(email: string, workspace: string) {
  const api = await env.callerFor(email);
  const { body, fileName } = await api.archive.export({ workspace });
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return { fileName, zip: Buffer.concat(chunks) };
}

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError & { cause: { messageKey: string; params?: Record<string, string> } };
}

describe("archive.export", () => {
  it("gives a workspace admin the ZIP with the documents' live content, and records it in the history", async () => {
    const admin = "admin@demo.regiotafel.nl";
    const limburg = await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const doc = await env.db.prisma.document.findFirstOrThrow({ where: { workspaceId: limburg.id } });
    // Changed in the co-editing hub just now: the export reads the hub's state, not only what is stored.
    await env.hub.replaceContent(doc.id, initialState([{ type: "paragraph", text: "Zojuist getypt in de editor" }]));

    const plan = await (await env.callerFor(admin)).archive.plan({ workspace: "limburg" });
    const { fileName, zip } = await download(admin, "limburg");
    expect(fileName).toMatch(/^regiotafel-limburg-\d{4}-\d{2}-\d{2}\.zip$/);
    const archive = await openArchive(new Blob([zip]));
    expect(archive.names()).toHaveLength(plan.files);
    expect((await archive.read(`documents/${doc.id}.md`)).toString("utf8")).toContain("Zojuist getypt in de editor");
    const members = JSON.parse((await archive.read("members.json")).toString("utf8")) as Record<string, unknown>[];
    expect(members.find((m) => m.email === admin)).toMatchObject({ role: "ADMIN" });
    // Never a password hash or a session token, in any file.
    const hash = (await env.db.prisma.user.findUniqueOrThrow({ where: { email: admin } })).passwordHash;
    for (const name of archive.names()) {
      const text = (await archive.read(name)).toString("utf8");
      expect(text, name).not.toContain(hash);
      expect(text, name).not.toMatch(/scrypt\$|passwordHash|password_hash|sessionToken/);
    }
    archive.close();

    const event = await env.db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: limburg.id, action: "workspace.exported" }, orderBy: { at: "desc" } });
    expect(event.actorId).toBe((await env.userByEmail(admin)).id);
  });

  it("still exports a workspace with a damaged document: that one as stored, the others readable", async () => {
    const rivierenland = await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "rivierenland" } });
    const doc = await env.db.prisma.document.create({ data: { workspaceId: rivierenland.id, kind: "FREE", title: "Beschadigd" } });
    const damaged = damagedState(initialState([{ type: "paragraph", text: "inhoud" }]));
    await env.db.prisma.documentSnapshot.create({ data: { documentId: doc.id, state: Buffer.from(damaged), lastUpdateId: 0n } });

    const { zip } = await download("admin@demo.regiotafel.nl", "rivierenland");
    const archive = await openArchive(new Blob([zip]));
    expect(new Uint8Array(await archive.read(`documents/${doc.id}.yjs`))).toEqual(damaged);
    // What can be read of it is readable.
    expect((await archive.read(`documents/${doc.id}.md`)).toString("utf8")).toMatch(/^# Beschadigd\n/);
    expect(archive.has("manifest.json")).toBe(true);
    archive.close();
    await env.db.prisma.document.delete({ where: { id: doc.id } });
  });
});

describe("archive.import", () => {
  it("imports an archive as a new workspace under a free slug; a slug asked for that is taken is refused and changes nothing", async () => {
    const { zip } = await download("admin@demo.regiotafel.nl", "rivierenland");
    const platform = await env.callerFor(DEMO_PLATFORM_ADMIN.email);

    const before = await fingerprint(env.db);
    const taken = await refusalOf(platform.archive.import({ archive: new Blob([zip]), slug: "limburg" }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toBe("archive.slugTaken");
    expect(await fingerprint(env.db)).toBe(before);

    const result = await platform.archive.import({ archive: new Blob([zip]), slug: "" });
    expect(result.slug).toBe("rivierenland-2");
    const copy = await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "rivierenland-2" }, include: { memberships: true, tenders: true } });
    const original = await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "rivierenland" }, include: { memberships: true, tenders: true } });
    // The same people (matched by e-mail) with the same roles; the records are copies with ids of their own.
    expect(copy.memberships.map((m) => `${m.userId}:${m.role}`).sort()).toEqual(original.memberships.map((m) => `${m.userId}:${m.role}`).sort());
    expect(copy.tenders.map((t) => t.title).sort()).toEqual(original.tenders.map((t) => t.title).sort());
    expect(copy.tenders.some((t) => original.tenders.some((o) => o.id === t.id))).toBe(false);
    expect(result.newAccounts).toBe(0);
  });

  it("refuses a broken archive with a message that names the file, in the user's language", async () => {
    const platform = await env.contextFor(DEMO_PLATFORM_ADMIN.email, { locale: "en" });
    const { createCaller } = await import("./router");
    const error = await refusalOf(createCaller(platform).archive.import({ archive: new Blob([Buffer.from("PK no zip")]), slug: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorMessage("en", "archive.notZip")).toBe("This file is not a ZIP file of a Regiotafel export.");
    const http = await env.http(DEMO_PLATFORM_ADMIN.email, "archive.import", { archive: "not a file", slug: "" }, "mutation", "en");
    // A JSON call cannot carry a file: refused as input, never read as a path.
    expect(http.status).toBe(400);
    expect(http.body.error?.data.fieldErrors?.archive).toEqual(["Choose an export file (ZIP) to import."]);
  });
});
