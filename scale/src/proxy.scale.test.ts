// The deployment shape (deploy/haproxy.cfg) in front of real instances on one PostgreSQL:
// no stickiness, sessions and throttles the same whichever instance answers, the client's
// address and scheme as HAProxy tells them (TRUST_PROXY), live streams and co-editing
// WebSockets through the proxy, and an instance that dies taken out and taken back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type Cluster } from "./cluster";
import { connectEditor } from "./editor";
import { login, newDocument, openLive, postLogin, servedBy, trpc, until } from "./http";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, env: { LIVE_PRESENCE_MS: "100" } });
});
afterAll(async () => {
  await cluster?.dispose();
});

/** `count` GETs of `path` through HAProxy: status and answering instance of each. */
async function spread(path: string, cookie?: string, count = 8) {
  const answers: { status: number; by: string }[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${cluster.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
    await res.body?.cancel();
    answers.push({ status: res.status, by: servedBy(res) });
  }
  return answers;
}

describe("HAProxy with deploy/haproxy.cfg", () => {
  it("health-checks every instance on /readyz and sends requests to all of them, without stickiness", async () => {
    expect(await cluster.proxy.serverStates()).toEqual({ app1: "UP", app2: "UP" });
    const answers = await spread("/login");
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.by))).toEqual(new Set(["app1", "app2"]));
  });

  it("passes the client's address as HAProxy saw it, never the one the client claims (TRUST_PROXY=1)", async () => {
    const res = await fetch(`${cluster.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: cluster.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.9" },
      body: new URLSearchParams({ email: "horst-aan-de-maas@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: "/" }),
    });
    expect(res.status).toBe(302);
    const { rows } = await cluster.db.query<{ ip_address: string }>("SELECT ip_address FROM session ORDER BY created_at DESC LIMIT 1");
    expect(rows[0]?.ip_address).toBe("127.0.0.1");
  });

  it("sets X-Forwarded-Proto itself: a client on plain http cannot claim https", async () => {
    const res = await fetch(`${cluster.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: cluster.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Proto": "https" },
      body: new URLSearchParams({ email: "beesel@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: "/" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.getSetCookie().some((c) => c.startsWith("regiotafel_session="))).toBe(true);
    // An https Origin is another site than the http one the proxy reports.
    const foreign = await fetch(`${cluster.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: cluster.url.replace("http:", "https:"), "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Proto": "https" },
      body: new URLSearchParams({ email: "beesel@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: "/" }),
    });
    expect(foreign.status).toBe(403);
  });
});

describe("sessions and throttling, whichever instance answers", () => {
  it("a session started through one instance is signed in on every instance", async () => {
    const cookie = await login(cluster.url, "venlo@demo.regiotafel.nl");
    const answers = await spread("/w/limburg", cookie);
    expect(new Set(answers.map((a) => a.by))).toEqual(new Set(["app1", "app2"]));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    // Logged out through one instance: signed out on all of them.
    expect((await trpc(cluster.url, "auth.logout", cookie)).status).toBe(200);
    for (const instance of cluster.instances) {
      const res = await fetch(`${instance.url}/w/limburg`, { redirect: "manual", headers: { Cookie: cookie } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/\/login/);
    }
  });

  it("failed sign-ins spread over the instances are counted together: the sixth is refused everywhere", async () => {
    const email = "venray@demo.regiotafel.nl";
    const by = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await postLogin(cluster.url, email, `wrong-${i}`);
      await res.body?.cancel();
      expect(res.status).not.toBe(302);
      expect(res.status).not.toBe(429);
      by.add(servedBy(res));
    }
    expect(by).toEqual(new Set(["app1", "app2"]));
    // The right password now: the account is locked on every instance.
    for (const instance of cluster.instances) {
      const res = await postLogin(instance.url, email);
      await res.body?.cancel();
      expect(res.status).toBe(429);
    }
  });
});

describe("live streams and co-editing through HAProxy", () => {
  it("a live record stream through HAProxy stays open and gets what its instance sends", async () => {
    const cookie = await login(cluster.url, "weert@demo.regiotafel.nl");
    const stream = await openLive(cluster.url, cookie, "workspace");
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === "presence" && stream.viewers().includes("Inkoop Weert"), "Weert's own presence");
      const instance = cluster.instances.find((i) => i.name === stream.servedBy)!;
      const { rows } = await cluster.db.query<{ lot: string; tender: string; org: string }>(
        `SELECT l.id AS lot, l.tender_id AS tender, o.id AS org FROM lot l, organisation o WHERE l.title = 'Volwassenen/stabiliteit' AND o.slug = 'weert' LIMIT 1`,
      );
      const { lot, org } = rows[0]!;
      // Through the instance that holds the stream: nothing here needs the instances to talk.
      const res = await trpc(instance.url, "lot.setParticipation", await login(instance.url, "weert@demo.regiotafel.nl"), {
        workspace: "limburg",
        lotId: lot,
        municipalityId: org,
        participating: true,
      });
      expect(res.status).toBe(200);
      await stream.waitFor((e) => e.event === "change" && e.data.entityId === lot, "the participation change through HAProxy");
      expect(stream.ended).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it("a co-editing WebSocket through HAProxy syncs, saves, and what it saved loads on every instance", async () => {
    const cookie = await login(cluster.url, "weert@demo.regiotafel.nl");
    const documentId = await newDocument(cluster.url, "Door HAProxy");
    const editor = connectEditor(cluster.url, documentId, cookie);
    try {
      await editor.waitSynced();
      editor.type("Door HAProxy getypt.");
      await editor.waitSaved();
    } finally {
      editor.destroy();
    }
    for (const instance of cluster.instances) {
      const reader = connectEditor(instance.url, documentId, cookie);
      try {
        await reader.waitFor(() => reader.text().includes("Door HAProxy getypt."), `the saved text on ${instance.name}`);
      } finally {
        reader.destroy();
      }
    }
  });
});

describe("an instance that dies", () => {
  it("is taken out by the health check (no request fails meanwhile) and back in after its restart, sessions intact", async () => {
    const cookie = await login(cluster.url, "roermond@demo.regiotafel.nl");
    // SIGKILL, and requests at once: before the health check notices, a refused connection
    // is retried on the other instance (retry-on conn-failure, redispatch).
    await cluster.stop(0, { waitDown: false });
    const during = await spread("/w/limburg", cookie);
    expect(during).toEqual(during.map(() => ({ status: 200, by: "app2" })));
    await cluster.proxy.waitServer("app1", "DOWN");

    await cluster.start(0);
    // (slowstart ramps it in over 10 s; leastconn gives an idle tie to the heavier weight, so
    // the requests go at once: with one in flight on app2, the next goes to app1)
    const together = async () => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const res = await fetch(`${cluster.url}/w/limburg`, { redirect: "manual", headers: { Cookie: cookie } });
          await res.body?.cancel();
          return servedBy(res);
        }),
      );
      return new Set(answers).size === 2;
    };
    await until(together, "both instances answering again", 40_000);
    const after = await spread("/w/limburg", cookie);
    expect(after.every((a) => a.status === 200)).toBe(true);
  });
});
