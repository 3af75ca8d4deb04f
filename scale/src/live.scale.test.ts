// Live records, presence and revocations across instances (issue 19, point 4), and background
// work once (point 5): what happens on one instance reaches the live pages and co-editing
// sockets held by another; the mail outbox, worked by every instance, sends each mail once,
// also when the instance sending it dies mid-transaction; and a dead instance's viewers leave
// the others' presence by expiry. Each test talks to the instances directly (app1 = A,
// app2 = B), so nothing depends on where HAProxy would have sent it.
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab";
import { startCluster, type Cluster } from "./cluster";
import { login, newDocument, openLive, trpc, until } from "./http";
import { startHoldingSmtpServer, type HoldingSmtpServer } from "./smtp";

const LEASE_SECONDS = 60; // the shortest the server allows (longer than the SMTP timeouts)

let smtp: HoldingSmtpServer;
let cluster: Cluster;
let a: string;
let b: string;
beforeAll(async () => {
  smtp = await startHoldingSmtpServer();
  cluster = await startCluster({
    instances: 2,
    env: {
      LIVE_PRESENCE_MS: "100",
      LIVE_SESSION_CHECK_SECONDS: "3600",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Regiotafel <noreply@regiotafel.example>",
      MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
    },
  });
  [a, b] = cluster.instances.map((i) => i.url) as [string, string];
});
afterAll(async () => {
  await cluster?.dispose();
  await smtp?.close();
});

const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
  const { rows } = await cluster.db.query<T>(sql, params);
  if (!rows[0]) throw new Error(`no row: ${sql}`);
  return rows[0];
};
const userId = async (email: string) => (await one<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [email])).id;

/** A raw co-editing socket at `base`; `closed()` waits (15 s at most) for its close code. */
async function openSocket(base: string, cookie: string, documentId: string) {
  const ws = new WebSocket(`${base.replace("http", "ws")}/collab/${documentRoomName(documentId)}`, { headers: { Cookie: cookie, Origin: base } });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let code: number | undefined;
  ws.once("close", (c) => (code = c));
  return {
    ws,
    async closed(label: string): Promise<number> {
      await until(() => code !== undefined, label);
      return code!;
    },
  };
}

describe("live record pages across instances", () => {
  it("a change committed through A reaches a live page on B", async () => {
    const { lot, tender, org } = await one<{ lot: string; tender: string; org: string }>(
      `SELECT l.id AS lot, l.tender_id AS tender, o.id AS org FROM lot l, organisation o WHERE l.title = 'Volwassenen/stabiliteit' AND o.slug = 'weert' LIMIT 1`,
    );
    const stream = await openLive(b, await login(b, "venlo@demo.regiotafel.nl"), `tender:${tender}`);
    try {
      expect(stream.status).toBe(200);
      const res = await trpc(a, "lot.setParticipation", await login(a, "weert@demo.regiotafel.nl"), { workspace: "limburg", lotId: lot, municipalityId: org, participating: true });
      expect(res.status).toBe(200);
      await stream.waitFor((e) => e.event === "change" && e.data.entityId === lot && e.data.parentId === tender, "A's change on B's stream");
    } finally {
      await stream.close();
    }
  });

  it("who is looking counts the viewers on every instance, and a viewer leaving on A leaves on B", async () => {
    const onB = await openLive(b, await login(b, "nederweert@demo.regiotafel.nl"), "staffing");
    const onA = await openLive(a, await login(a, "leudal@demo.regiotafel.nl"), "staffing");
    try {
      await onB.waitFor(() => onB.viewers().length === 2, "both viewers on B");
      await onA.waitFor(() => onA.viewers().length === 2, "both viewers on A");
      expect(onA.viewers()).toEqual(onB.viewers());
      await onA.close();
      await onB.waitFor(() => onB.viewers().length === 1, "A's viewer gone on B");
    } finally {
      await onA.close();
      await onB.close();
    }
  });
});

describe("revocations across instances", () => {
  it("removing a member on A closes their live stream and co-editing socket on B", async () => {
    const documentId = await newDocument(a, "Intrekken over instanties");
    const cookie = await login(b, "venray@demo.regiotafel.nl");
    const stream = await openLive(b, cookie, "workspace");
    const socket = await openSocket(b, cookie, documentId);
    try {
      expect(stream.status).toBe(200);
      const res = await trpc(a, "member.remove", await login(a, "admin@demo.regiotafel.nl"), { workspace: "limburg", userId: await userId("venray@demo.regiotafel.nl") });
      expect(res.status).toBe(200);
      await stream.waitEnded("the removed member's stream on B to end");
      expect(await socket.closed("the removed member's socket on B to close")).toBe(CLOSE_CODES.PERMISSIONS_CHANGED);
    } finally {
      socket.ws.terminate();
      await stream.close();
    }
  });

  it("logging out on A ends that session's stream and socket on B", async () => {
    const documentId = await newDocument(a, "Uitloggen over instanties");
    const cookie = await login(a, "peel-en-maas@demo.regiotafel.nl");
    const stream = await openLive(b, cookie, "workspace");
    const socket = await openSocket(b, cookie, documentId);
    try {
      expect((await trpc(a, "auth.logout", cookie)).status).toBe(200);
      await stream.waitEnded("the logged-out session's stream on B to end");
      expect(await socket.closed("the logged-out session's socket on B to close")).toBe(CLOSE_CODES.SESSION_ENDED);
    } finally {
      socket.ws.terminate();
      await stream.close();
    }
  });

  it("lowering an editor to viewer on A closes their socket on B", async () => {
    const documentId = await newDocument(a, "Rol verlagen over instanties");
    const cookie = await login(b, "horst-aan-de-maas@demo.regiotafel.nl");
    const socket = await openSocket(b, cookie, documentId);
    try {
      const res = await trpc(a, "member.changeRole", await login(a, "admin@demo.regiotafel.nl"), {
        workspace: "limburg",
        userId: await userId("horst-aan-de-maas@demo.regiotafel.nl"),
        role: "VIEWER",
      });
      expect(res.status).toBe(200);
      expect(await socket.closed("the lowered editor's socket on B to close")).toBe(CLOSE_CODES.PERMISSIONS_CHANGED);
    } finally {
      socket.ws.terminate();
    }
  });
});

/** "Wachtwoord vergeten?" for `email`, asked at `base`: queues one mail (to an existing account). */
async function askReset(base: string, email: string) {
  const res = await fetch(`${base}/wachtwoord-vergeten`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
  await res.body?.cancel();
  expect(res.status).toBeLessThan(400);
}

type Outbox = { state: string; attempts: number; locked_by: string | null };
const outbox = async (recipient: string) =>
  (await cluster.db.query<Outbox>("SELECT state::text AS state, attempts, locked_by FROM mail_outbox WHERE recipient = $1", [recipient])).rows;
const deliveredTo = (email: string) => smtp.delivered.filter((m) => m.to.includes(email)).length;

describe("background work once: the mail outbox", () => {
  it("sends a mail queued on one instance once", async () => {
    await askReset(b, "gennep@demo.regiotafel.nl");
    await until(async () => (await outbox("gennep@demo.regiotafel.nl"))[0]?.state === "SENT", "the mail sent");
    expect(deliveredTo("gennep@demo.regiotafel.nl")).toBe(1);
  });
});

// Last in the file: it kills an instance (and starts it again only at the end).
describe("when an instance dies (SIGKILL: it says nothing)", () => {
  it(
    "the mail it was sending is sent once, by the other after the lease; its viewers leave the other's presence by expiry",
    async () => {
      const email = "bergen@demo.regiotafel.nl";
      const before = smtp.attempts;
      smtp.hold = true;
      await askReset(a, email);
      // The sender is in the middle of DATA, waiting for the server's answer.
      await until(() => smtp.attempts > before, "the first attempt at DATA");
      const [claimed] = await outbox(email);
      expect(claimed?.state).toBe("SENDING");
      const pid = Number(claimed!.locked_by!.split(":")[1]);
      const dying = cluster.instances.findIndex((i) => i.process?.process.pid === pid);
      expect(dying).toBeGreaterThanOrEqual(0);
      const [dyingUrl, survivorUrl] = [cluster.instances[dying]!.url, cluster.instances[1 - dying]!.url];

      // A viewer on each instance, both counted on the survivor.
      const onSurvivor = await openLive(survivorUrl, await login(survivorUrl, "echt-susteren@demo.regiotafel.nl"), "planning");
      const onDying = await openLive(dyingUrl, await login(dyingUrl, "maasgouw@demo.regiotafel.nl"), "planning");
      try {
        // (Recorded, asserted at the end: the mail's part of this test does not depend on it.)
        const countedBoth = await onSurvivor.waitFor(() => onSurvivor.viewers().length === 2, "both viewers on the survivor").then(
          () => true,
          () => false,
        );
        smtp.hold = false;
        await cluster.stop(dying); // the held transaction is never answered
        await Promise.all([
          // The survivor takes the mail over once the lease has ended, and sends it.
          until(async () => (await outbox(email))[0]?.state === "SENT", "the mail sent by the survivor", (LEASE_SECONDS + 45) * 1000),
          countedBoth && until(() => onSurvivor.viewers().length === 1, () => `the dead instance's viewer expired: ${JSON.stringify(onSurvivor.viewers())}`, 90_000),
        ]);
        const [sent] = await outbox(email);
        expect(sent!.attempts).toBe(2);
        expect(Number(sent!.locked_by?.split(":")[1] ?? 0)).not.toBe(pid);
        expect(deliveredTo(email)).toBe(1);
        expect(countedBoth, `the dying instance's viewer counted on the survivor: ${JSON.stringify(onSurvivor.viewers())}`).toBe(true);
        expect(onSurvivor.viewers()).toEqual(["Inkoop Echt-Susteren"]);
        expect(onSurvivor.ended).toBe(false);
      } finally {
        await onDying.close();
        await onSurvivor.close();
      }
      // The dead instance comes back: it finds nothing to send again.
      await cluster.start(dying);
      expect((await outbox(email)).map((m) => m.state)).toEqual(["SENT"]);
      expect(deliveredTo(email)).toBe(1);
    },
    (LEASE_SECONDS + 150) * 1000,
  );
});
