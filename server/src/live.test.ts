import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Reads Server-Sent Events from the live endpoint until `until` returns true. */
async function listen(cookie: string, view: string) {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/w/limburg/live?view=${encodeURIComponent(view)}`, { headers: { Cookie: cookie }, signal: controller.signal });
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const reader = res.body!.getReader();
  let buffer = "";
  const pump = (async () => {
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
    }
  })();
  return {
    status: res.status,
    events,
    async waitFor(predicate: (e: { event: string; data: Record<string, unknown> }) => boolean, label: string) {
      const deadline = Date.now() + 5000;
      while (!events.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`no ${label}; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe("live record updates", () => {
  it("tells a viewer about a committed change and who else is looking at the same tender", async () => {
    const tender = await server.database.prisma.tender.findFirstOrThrow({ where: { title: "Wmo-begeleiding Midden-Limburg West" }, include: { lots: true } });
    const view = `tender:${tender.id}`;
    const venlo = await listen(await loginCookie(server.url, "venlo@demo.regiotafel.nl"), view);
    const weertCookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    const weert = await listen(weertCookie, view);
    try {
      expect(venlo.status).toBe(200);
      await venlo.waitFor((e) => e.event === "presence" && (e.data.viewers as { name: string }[]).some((v) => v.name === "Inkoop Weert"), "Weert's presence");

      const weertId = (await server.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
      const lot = tender.lots.find((l) => l.title === "Volwassenen/stabiliteit")!;
      const res = await fetch(`${server.url}/api/trpc/lot.setParticipation`, {
        method: "POST",
        headers: { Cookie: weertCookie, Origin: server.url, "Content-Type": "application/json" },
        body: JSON.stringify({ workspace: "limburg", lotId: lot.id, municipalityId: weertId, participating: true }),
      });
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

  it("is for members only", async () => {
    const anonymous = await fetch(`${server.url}/w/limburg/live`);
    expect(anonymous.status).toBe(401);
    const tiel = await fetch(`${server.url}/w/limburg/live`, { headers: { Cookie: await loginCookie(server.url, "tiel@demo.regiotafel.nl") } });
    expect(tiel.status).toBe(404);
  });
});
