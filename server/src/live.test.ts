import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { hashToken } from "@regiotafel/auth";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

const STREAMS_PER_SESSION = 3;
const PRESENCE_MS = 1500;

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    LIVE_STREAMS_PER_SESSION: String(STREAMS_PER_SESSION),
    LIVE_PRESENCE_MS: String(PRESENCE_MS),
    // Endings must arrive as events here, not by the periodic check (tested on its own below).
    LIVE_SESSION_CHECK_SECONDS: "3600",
  });
});
afterAll(() => server.close());

type LiveEvent = { event: string; data: Record<string, unknown> };

/** Polls `condition`; the deadline only ends a hung test, nothing is asserted about time. */
async function until(condition: () => boolean, label: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads Server-Sent Events from the live endpoint; `ended` turns true when the server closes the stream. */
async function listen(base: string, cookie: string, view: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/w/limburg/live?view=${encodeURIComponent(view)}`, { headers: { Cookie: cookie }, signal: controller.signal });
  const events: LiveEvent[] = [];
  const state = { ended: false };
  let buffer = "";
  const pump = (async () => {
    if (res.status !== 200) return void (await res.body?.cancel());
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += new TextDecoder().decode(value);
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted
    } finally {
      state.ended = true;
    }
  })();
  return {
    status: res.status,
    events,
    get ended() {
      return state.ended;
    },
    presence: () => events.filter((e) => e.event === "presence"),
    async waitFor(predicate: (e: LiveEvent) => boolean, label: string) {
      await until(() => events.some(predicate), `${label}; got ${JSON.stringify(events)}`);
    },
    async waitEnded(label: string) {
      await until(() => state.ended, label);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
type Listener = Awaited<ReturnType<typeof listen>>;

const trpc = (path: string, cookie: string, input?: unknown) =>
  fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/json" },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });

/** A committed change every stream of the workspace hears: proves a stream is still open. */
let pokes = 0;
async function poke(streams: Listener[]) {
  const weertCookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
  const lot = await server.database.prisma.lot.findFirstOrThrow({ where: { title: "Volwassenen/stabiliteit" } });
  const weertId = (await server.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
  const participating = pokes++ % 2 === 0;
  const before = streams.map((s) => s.events.filter((e) => e.event === "change").length);
  expect((await trpc("lot.setParticipation", weertCookie, { workspace: "limburg", lotId: lot.id, municipalityId: weertId, participating })).status).toBe(200);
  await until(() => streams.every((s, i) => s.events.filter((e) => e.event === "change").length > before[i]!), "the change on every open stream");
}

describe("live record updates", () => {
  it("tells a viewer about a committed change and who else is looking at the same tender", async () => {
    const tender = await server.database.prisma.tender.findFirstOrThrow({ where: { title: "Wmo-begeleiding Midden-Limburg West" }, include: { lots: true } });
    const view = `tender:${tender.id}`;
    const venlo = await listen(server.url, await loginCookie(server.url, "venlo@demo.regiotafel.nl"), view);
    const weertCookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    const weert = await listen(server.url, weertCookie, view);
    try {
      expect(venlo.status).toBe(200);
      await venlo.waitFor((e) => e.event === "presence" && (e.data.viewers as { name: string }[]).some((v) => v.name === "Inkoop Weert"), "Weert's presence");

      const weertId = (await server.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
      const lot = tender.lots.find((l) => l.title === "Volwassenen/stabiliteit")!;
      const res = await trpc("lot.setParticipation", weertCookie, { workspace: "limburg", lotId: lot.id, municipalityId: weertId, participating: true });
      expect(res.status).toBe(200);
      await venlo.waitFor((e) => e.event === "change" && e.data.entityId === lot.id && e.data.parentId === tender.id, "the participation change");

      await weert.close();
      await venlo.waitFor(
        (e) => e.event === "presence" && !(e.data.viewers as { name: string }[]).some((v) => v.name === "Inkoop Weert") && (e.data.viewers as unknown[]).length === 1,
        "Weert leaving",
      );
    } finally {
      await venlo.close();
      await weert.close();
    }
  });

  it("tells a mentioned member's open streams that they have a new notification, and nobody else's", async () => {
    const tender = await server.database.prisma.tender.findFirstOrThrow({ where: { title: "Wmo-begeleiding Midden-Limburg West" } });
    const venlo = await listen(server.url, await loginCookie(server.url, "venlo@demo.regiotafel.nl"), "tenders");
    const weertCookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    const weert = await listen(server.url, weertCookie, "tenders");
    try {
      const res = await trpc("comment.start", weertCookie, { workspace: "limburg", subjectType: "tender", subjectId: tender.id, body: "@Venlo klopt dit?" });
      expect(res.status).toBe(200);
      await venlo.waitFor((e) => e.event === "notify", "Venlo's notification");
      await weert.waitFor((e) => e.event === "change" && e.data.entityType === "comment", "the comment as a change");
      expect(weert.events.some((e) => e.event === "notify")).toBe(false);
    } finally {
      await venlo.close();
      await weert.close();
    }
  });

  it("is for members only", async () => {
    const anonymous = await fetch(`${server.url}/w/limburg/live`);
    expect(anonymous.status).toBe(401);
    const tiel = await fetch(`${server.url}/w/limburg/live`, { headers: { Cookie: await loginCookie(server.url, "tiel@demo.regiotafel.nl") } });
    expect(tiel.status).toBe(404);
  });
});

describe("streams per session", () => {
  it(`allows ${STREAMS_PER_SESSION} streams per session and refuses one more with 429, while other sessions are unaffected`, async () => {
    const cookie = await loginCookie(server.url, "gennep@demo.regiotafel.nl");
    const open: Listener[] = [];
    try {
      for (let i = 0; i < STREAMS_PER_SESSION; i++) open.push(await listen(server.url, cookie, `staffing`));
      expect(open.map((s) => s.status)).toEqual(Array(STREAMS_PER_SESSION).fill(200));
      const refused = await listen(server.url, cookie, "planning");
      expect(refused.status).toBe(429);
      // The same person in another browser has their own allowance.
      const elsewhere = await listen(server.url, await loginCookie(server.url, "gennep@demo.regiotafel.nl"), "planning");
      open.push(elsewhere);
      expect(elsewhere.status).toBe(200);
      // A closed tab frees its place.
      await open.shift()!.close();
      const deadline = Date.now() + 10_000;
      let again = await listen(server.url, cookie, "planning");
      while (again.status === 429 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        again = await listen(server.url, cookie, "planning");
      }
      open.push(again);
      expect(again.status).toBe(200);
    } finally {
      await Promise.all(open.map((s) => s.close()));
    }
  });

  it("refuses concurrent requests past the limit too", async () => {
    const cookie = await loginCookie(server.url, "bergen@demo.regiotafel.nl");
    const streams = await Promise.all(Array.from({ length: 8 }, () => listen(server.url, cookie, "governance")));
    try {
      expect(streams.filter((s) => s.status === 200)).toHaveLength(STREAMS_PER_SESSION);
      expect(streams.filter((s) => s.status === 429)).toHaveLength(8 - STREAMS_PER_SESSION);
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });
});

describe("a stream ends with its session or membership", () => {
  it("on logout: that session's streams end at once, another session's stay open", async () => {
    const a = await loginCookie(server.url, "venlo@demo.regiotafel.nl");
    const b = await loginCookie(server.url, "venlo@demo.regiotafel.nl");
    const [sa, sb] = [await listen(server.url, a, "workspace"), await listen(server.url, b, "workspace")];
    try {
      expect((await trpc("auth.logout", a)).status).toBe(200);
      await sa.waitEnded("the logged-out session's stream to end");
      expect(sa.events.at(-1)).toEqual({ event: "end", data: { reason: "session" } });
      await poke([sb]);
      expect(sb.ended).toBe(false);
    } finally {
      await sa.close();
      await sb.close();
    }
  });

  it("on sign out everywhere: every stream of the user ends", async () => {
    const a = await loginCookie(server.url, "roermond@demo.regiotafel.nl");
    const b = await loginCookie(server.url, "roermond@demo.regiotafel.nl");
    const other = await listen(server.url, await loginCookie(server.url, "leudal@demo.regiotafel.nl"), "workspace");
    const streams = [await listen(server.url, a, "workspace"), await listen(server.url, a, "staffing"), await listen(server.url, b, "workspace")];
    try {
      expect((await trpc("auth.logoutEverywhere", a)).status).toBe(200);
      for (const s of streams) await s.waitEnded("every stream of the user to end");
      await poke([other]);
    } finally {
      await Promise.all([...streams, other].map((s) => s.close()));
    }
  });

  it("on a password change: every stream opened with the old sessions ends", async () => {
    const a = await loginCookie(server.url, "maasgouw@demo.regiotafel.nl");
    const b = await loginCookie(server.url, "maasgouw@demo.regiotafel.nl");
    const streams = [await listen(server.url, a, "workspace"), await listen(server.url, b, "workspace")];
    try {
      const res = await trpc("auth.changePassword", a, { current: "regiotafel-demo", next: "een-nieuw-wachtwoord", confirm: "een-nieuw-wachtwoord" });
      expect(res.status).toBe(200);
      for (const s of streams) await s.waitEnded("the streams of the old sessions to end");
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it("on expiry: when expired sessions are cleaned up", async () => {
    const cookie = await loginCookie(server.url, "echt-susteren@demo.regiotafel.nl");
    const keep = await listen(server.url, await loginCookie(server.url, "nederweert@demo.regiotafel.nl"), "workspace");
    const stream = await listen(server.url, cookie, "workspace");
    try {
      const token = cookie.split("=")[1]!;
      await server.database.prisma.session.update({ where: { id: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await server.auth.deleteExpiredSessions();
      await stream.waitEnded("the expired session's stream to end");
      await poke([keep]);
    } finally {
      await stream.close();
      await keep.close();
    }
  });

  it("on removal from the workspace", async () => {
    const admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
    const venray = await loginCookie(server.url, "venray@demo.regiotafel.nl");
    const stream = await listen(server.url, venray, "workspace");
    try {
      const venrayId = (await server.database.prisma.user.findUniqueOrThrow({ where: { email: "venray@demo.regiotafel.nl" } })).id;
      expect((await trpc("member.remove", admin, { workspace: "limburg", userId: venrayId })).status).toBe(200);
      await stream.waitEnded("the removed member's stream to end");
      expect((await listen(server.url, venray, "workspace")).status).toBe(404);
    } finally {
      await stream.close();
    }
  });

  it("closes the session's co-editing connections at once on logout too (no periodic check needed)", async () => {
    const cookie = await loginCookie(server.url, "peel-en-maas@demo.regiotafel.nl");
    const doc = await server.database.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "limburg" } } });
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${documentRoomName(doc.id)}`, { headers: { Cookie: cookie, Origin: server.url } });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    expect((await trpc("auth.logout", cookie)).status).toBe(200);
    let code: number | undefined;
    void closed.then((c) => (code = c));
    await until(() => code !== undefined, "the co-editing connection to close");
    expect(code).toBe(CLOSE_CODES.SESSION_ENDED);
  });
});

describe("presence fan-out", () => {
  it("N people opening a page cost O(N) presence messages, not O(N²)", async () => {
    const users = (
      await server.database.prisma.user.findMany({
        // Maasgouw changed its password above.
        where: { email: { not: "maasgouw@demo.regiotafel.nl" }, memberships: { some: { workspace: { slug: "limburg" } } } },
        select: { email: true },
      })
    ).map((u) => u.email);
    const cookies: string[] = [];
    for (const email of users.slice(0, 14)) cookies.push(await loginCookie(server.url, email));
    const n = cookies.length;
    expect(n).toBe(14);
    const streams = await Promise.all(cookies.map((cookie) => listen(server.url, cookie, "marktanalyse")));
    try {
      expect(streams.every((s) => s.status === 200)).toBe(true);
      await until(
        () => streams.every((s) => s.presence().some((e) => (e.data.viewers as unknown[]).length === n)),
        "everyone to see all viewers",
      );
      const messages = streams.reduce((sum, s) => sum + s.presence().length, 0);
      // One message per viewer per presence interval the joins spanned (one or two here);
      // the old fan-out sent the whole list to everyone on every join: n(n+1)/2 = 105.
      expect(messages).toBeLessThanOrEqual(2 * n);

      // A second tab of someone already listed changes nothing for the others.
      const before = streams.map((s) => s.presence().length);
      const tab = await listen(server.url, cookies[0]!, "marktanalyse");
      streams.push(tab);
      await tab.waitFor((e) => e.event === "presence" && (e.data.viewers as unknown[]).length === n, "the list in the new tab");
      await poke(streams);
      expect(streams.slice(0, n).map((s) => s.presence().length)).toEqual(before);
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });
});

describe("expiry found by the periodic check", () => {
  let checking: RunningServer;
  beforeAll(async () => {
    checking = await startTestServer({ LIVE_SESSION_CHECK_SECONDS: "1" });
  });
  afterAll(() => checking.close());

  it("ends a stream whose session expired without anyone noticing", async () => {
    const cookie = await loginCookie(checking.url, "weert@demo.regiotafel.nl");
    const keep = await listen(checking.url, await loginCookie(checking.url, "venlo@demo.regiotafel.nl"), "workspace");
    const stream = await listen(checking.url, cookie, "workspace");
    try {
      const id = hashToken(cookie.split("=")[1]!);
      // Past its idle deadline in the database; nothing deletes it or publishes the end.
      await checking.database.prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await stream.waitEnded("the periodic check to end the stream");
      expect(keep.ended).toBe(false);
      // The check did not extend or delete sessions itself.
      expect(await checking.database.prisma.session.count({ where: { id } })).toBe(1);
    } finally {
      await stream.close();
      await keep.close();
    }
  });
});
