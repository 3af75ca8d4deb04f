import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOSE_CODES, documentRoomName, SqlDocumentStorage, initialState, plainText } from "@regiotafel/collab";
import { damagedState } from "@regiotafel/collab/testing";
import type { RunningServer } from "./server";
import { connectEditor, upgradeStatus } from "./test-collab-client";
import { loadConfig } from "./config";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;
let strategyId: string;
let rivierenlandId: string;
let weertCookie: string;

beforeAll(async () => {
  // A small maximum document size (the least the configuration allows), for the limit's test.
  server = await startTestServer({ COLLAB_MAX_DOCUMENT_BYTES: String(64 * 1024) });
  url = server.url;
  const docs = await server.database.prisma.document.findMany({ include: { workspace: true } });
  strategyId = docs.find((d) => d.workspace.slug === "limburg" && d.kind === "STRATEGY")!.id;
  rivierenlandId = docs.find((d) => d.workspace.slug === "rivierenland")!.id;
  weertCookie = await loginCookie(url, "weert@demo.regiotafel.nl");
});
afterAll(() => server.close());

const path = (id: string) => `/collab/${documentRoomName(id)}`;
const storedText = async (id: string) => {
  await server.hub.flush();
  return plainText((await new SqlDocumentStorage(server.database.prisma).load(id)).state);
};

describe("upgrade authorisation", () => {
  it("accepts a member with a valid session from our own origin", async () => {
    expect(await upgradeStatus(url, path(strategyId), { Cookie: weertCookie, Origin: url })).toBe(101);
  });

  it("refuses without a cookie", async () => {
    expect(await upgradeStatus(url, path(strategyId), { Origin: url })).toBe(401);
  });

  it("refuses a revoked session (after logout)", async () => {
    const cookie = await loginCookie(url, "leudal@demo.regiotafel.nl");
    await fetch(`${url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: cookie } });
    expect(await upgradeStatus(url, path(strategyId), { Cookie: cookie, Origin: url })).toBe(401);
  });

  it("refuses an expired session", async () => {
    const cookie = await loginCookie(url, "nederweert@demo.regiotafel.nl");
    const user = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "nederweert@demo.regiotafel.nl" } });
    await server.database.prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await upgradeStatus(url, path(strategyId), { Cookie: cookie, Origin: url })).toBe(401);
  });

  it("refuses a foreign Origin", async () => {
    expect(await upgradeStatus(url, path(strategyId), { Cookie: weertCookie, Origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(url, path(strategyId), { Cookie: weertCookie })).toBe(403);
  });

  it("answers 404 for another workspace's document, an unknown one and a malformed name", async () => {
    expect(await upgradeStatus(url, path(rivierenlandId), { Cookie: weertCookie, Origin: url })).toBe(404);
    expect(await upgradeStatus(url, path("00000000-0000-4000-8000-000000000000"), { Cookie: weertCookie, Origin: url })).toBe(404);
    expect(await upgradeStatus(url, "/collab/strategie", { Cookie: weertCookie, Origin: url })).toBe(404);
  });
});

describe("editing rights", () => {
  it("serves the document to a viewer but drops the viewer's changes", async () => {
    const limburg = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const tiel = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "tiel@demo.regiotafel.nl" } });
    await server.database.prisma.membership.create({ data: { userId: tiel.id, workspaceId: limburg.id, role: "VIEWER" } });
    const viewer = connectEditor(url, strategyId, await loginCookie(url, "tiel@demo.regiotafel.nl"));
    const editor = connectEditor(url, strategyId, weertCookie);
    try {
      await viewer.waitFor(() => viewer.text().includes("Inleiding"), "viewer receives the strategy");
      // Typing before the editor has the document would put the line above the title.
      await editor.waitFor(() => editor.provider.synced, "editor synced");
      const before = await storedText(strategyId);
      viewer.type("Door een lezer getypt");
      editor.type("Door Weert getypt");
      await editor.waitSaved();
      await viewer.waitFor(() => viewer.text().includes("Door Weert getypt"), "viewer receives Weert's edit");
      await new Promise((r) => setTimeout(r, 200));
      const after = await storedText(strategyId);
      expect(after).toContain("Door Weert getypt");
      expect(after).not.toContain("Door een lezer getypt");
      expect(editor.text()).not.toContain("Door een lezer getypt");
      expect(after).toBe(`${before}\nDoor Weert getypt`);
      expect(server.hub.getStats().droppedViewerUpdates).toBeGreaterThan(0);
    } finally {
      viewer.destroy();
      editor.destroy();
    }
  });

  it("closes a member's open connection when they are removed, and refuses them afterwards", async () => {
    const cookie = await loginCookie(url, "venlo@demo.regiotafel.nl");
    const ws = new WebSocket(`${url.replace("http", "ws")}${path(strategyId)}`, { headers: { Cookie: cookie, Origin: url } });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));

    const admin = await loginCookie(url, "admin@demo.regiotafel.nl");
    const venlo = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "venlo@demo.regiotafel.nl" } });
    const res = await fetch(`${url}/api/trpc/member.remove`, {
      method: "POST",
      headers: { Cookie: admin, Origin: url, "Content-Type": "application/json" },
      body: JSON.stringify({ workspace: "limburg", userId: venlo.id }),
    });
    expect(res.status).toBe(200);
    expect(await closed).toBe(CLOSE_CODES.PERMISSIONS_CHANGED);
    expect(await upgradeStatus(url, path(strategyId), { Cookie: cookie, Origin: url })).toBe(404);
  });

  it("closes on a role change too, and the member reconnects with the new rights", async () => {
    const editor = connectEditor(url, strategyId, await loginCookie(url, "venray@demo.regiotafel.nl"));
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      const admin = await loginCookie(url, "admin@demo.regiotafel.nl");
      const venray = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "venray@demo.regiotafel.nl" } });
      await fetch(`${url}/api/trpc/member.changeRole`, {
        method: "POST",
        headers: { Cookie: admin, Origin: url, "Content-Type": "application/json" },
        body: JSON.stringify({ workspace: "limburg", userId: venray.id, role: "VIEWER" }),
      });
      await editor.waitFor(() => closes.includes(CLOSE_CODES.PERMISSIONS_CHANGED), "closed with 4403");
      await editor.waitFor(() => editor.provider.synced, "reconnected");
      editor.type("Na de rolwijziging");
      await new Promise((r) => setTimeout(r, 300));
      expect(await storedText(strategyId)).not.toContain("Na de rolwijziging");
    } finally {
      editor.destroy();
    }
  });

  it("serves nothing when the stored state cannot be loaded (close 4500), and keeps the rows", async () => {
    const limburg = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const broken = await server.database.prisma.document.create({
      data: { workspaceId: limburg.id, kind: "FREE", title: "Kapot", updates: { create: { data: Buffer.from([0xff, 0xff, 0xff, 0x07]) } } },
    });
    const ws = new WebSocket(`${url.replace("http", "ws")}${path(broken.id)}`, { headers: { Cookie: weertCookie, Origin: url } });
    const received: Buffer[] = [];
    ws.on("message", (data: Buffer) => received.push(data));
    const code = await new Promise<number>((resolve) => ws.once("close", (c) => resolve(c)));
    expect(code).toBe(CLOSE_CODES.LOAD_FAILED);
    expect(received).toEqual([]);
    expect(await server.database.prisma.documentUpdate.count({ where: { documentId: broken.id } })).toBe(1);
    expect(await server.database.prisma.documentSnapshot.count({ where: { documentId: broken.id } })).toBe(0);
  });

  it("closes an open connection once its session ends (logout elsewhere)", async () => {
    const cookie = await loginCookie(url, "maasgouw@demo.regiotafel.nl");
    const ws = new WebSocket(`${url.replace("http", "ws")}${path(strategyId)}`, { headers: { Cookie: cookie, Origin: url } });
    await new Promise((resolve) => ws.once("open", resolve));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    await server.checkCollabSessions();
    expect(ws.readyState).toBe(WebSocket.OPEN); // still a valid session
    await fetch(`${url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: cookie } });
    await server.checkCollabSessions();
    expect(await closed).toBe(CLOSE_CODES.SESSION_ENDED);
  });

  it("tells a client that reconnects that its edits were stored, even when nobody else edits", async () => {
    const editor = connectEditor(url, strategyId, await loginCookie(url, "bergen@demo.regiotafel.nl"));
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      editor.type("Bergen typt en verliest meteen de verbinding");
      editor.provider.disconnect(); // the acknowledgement goes to a closed connection
      expect(editor.saveState()).toBe("offline");
      await server.hub.flush();
      editor.provider.connect();
      await editor.waitSaved(5_000);
    } finally {
      editor.destroy();
    }
  });

  it("refuses frames larger than the limit", async () => {
    const ws = new WebSocket(`${url.replace("http", "ws")}${path(strategyId)}`, { headers: { Cookie: weertCookie, Origin: url } });
    await new Promise((resolve) => ws.once("open", resolve));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(Buffer.alloc(3 * 1024 * 1024));
    expect(await closed).toBe(1009); // message too big
  });
});

describe("a damaged document", () => {
  it("explains itself on its page, lets a workspace admin recover it from the last good version, and is edited again", async () => {
    const limburg = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const good = initialState([{ type: "paragraph", text: "Goede tekst" }]);
    const doc = await server.database.prisma.document.create({
      data: {
        workspaceId: limburg.id,
        kind: "FREE",
        title: "Beschadigd document",
        snapshot: { create: { state: Buffer.from(damagedState(good)), lastUpdateId: 0n } },
        versions: { create: { name: "Goede versie", state: Buffer.from(good) } },
      },
    });
    const admin = await loginCookie(url, "admin@demo.regiotafel.nl");
    const page = async (cookie: string, query = "") => {
      const res = await fetch(`${url}/w/limburg/documenten/${doc.id}${query}`, { headers: { Cookie: cookie } });
      return { status: res.status, html: await res.text() };
    };
    const recover = (cookie: string) =>
      fetch(`${url}/w/limburg/documenten/${doc.id}`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "recover" }),
      });

    const editorView = await page(weertCookie);
    expect(editorView.status).toBe(200);
    expect(editorView.html).toContain("Dit document kan niet worden geladen");
    expect(editorView.html).toContain("Een beheerder van deze werkruimte kan het document herstellen");
    expect(editorView.html).not.toContain("Herstellen vanuit versie");
    expect(editorView.html).not.toContain("rt-editor--loading"); // no editor to connect

    const adminView = await page(admin);
    expect(adminView.html).toMatch(/Herstellen vanuit versie ‘Goede versie’ van \d/);
    const confirm = await page(admin, "?document-herstellen=1");
    expect(confirm.html).toContain("De opgeslagen tekst wordt vervangen door versie ‘Goede versie’");
    expect(confirm.html).toContain("Ja, herstellen");

    const refused = await recover(weertCookie);
    expect(refused.status).toBe(403);
    await expect(new SqlDocumentStorage(server.database.prisma).load(doc.id)).rejects.toThrow(/could not be loaded/);

    const done = await recover(admin);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Het document is hersteld vanuit de laatste goede versie");
    expect((await page(admin)).html).not.toContain("Dit document kan niet worden geladen");
    expect(await storedText(doc.id)).toBe("Goede tekst");

    const editor = connectEditor(url, doc.id, weertCookie);
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      expect(editor.text()).toBe("Goede tekst");
      editor.type(" en verder");
      await editor.waitSaved();
      expect(await storedText(doc.id)).toContain("Goede tekst");
      expect(await storedText(doc.id)).toContain("en verder");
    } finally {
      editor.destroy();
    }
  });
});

describe("document size limit from the configuration", () => {
  it("closes an editor whose edit would pass COLLAB_MAX_DOCUMENT_BYTES (4413) and stores none of it", async () => {
    const editor = connectEditor(url, strategyId, weertCookie);
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      editor.type("G".repeat(70 * 1024), 1);
      await editor.waitFor(() => closes.includes(CLOSE_CODES.DOCUMENT_TOO_LARGE), "closed with 4413");
      editor.provider.disconnect();
      expect(await storedText(strategyId)).not.toContain("GGGG");
    } finally {
      editor.destroy();
    }
  });
});

describe("collab limits in the configuration", () => {
  it("defaults to 5 MiB documents and 100 messages a second, and refuses settings out of range", () => {
    expect(loadConfig({}).collabLimits).toEqual({ maxDocumentBytes: 5 * 1024 * 1024, messagesPerSecond: 100 });
    expect(loadConfig({ COLLAB_MAX_DOCUMENT_BYTES: "1048576", COLLAB_MAX_MESSAGES_PER_SECOND: "50" }).collabLimits).toEqual({
      maxDocumentBytes: 1048576,
      messagesPerSecond: 50,
    });
    expect(() => loadConfig({ COLLAB_MAX_DOCUMENT_BYTES: "1000" })).toThrow(/COLLAB_MAX_DOCUMENT_BYTES/);
    expect(() => loadConfig({ COLLAB_MAX_MESSAGES_PER_SECOND: "veel" })).toThrow(/COLLAB_MAX_MESSAGES_PER_SECOND/);
  });
});
