import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifications, findUnsubscribe, runDigests, setNotificationPreferences, unsubscribe, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startTestSmtpServer, type TestSmtpServer, type ReceivedMail } from "./testing";
import { createSmtpTransport } from "./transport";
import { MailWorker } from "./worker";

// Notification and digest mails end to end (issue 21, point 7; ADR 0038): queued by the
// services, sent by the outbox worker through a real SMTP server in this process, parsed with
// mailparser. Each carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), and the
// address in it unsubscribes exactly its user and kind.

const ORIGIN = "https://regiotafel.example";
let db: Database;
let smtp: TestSmtpServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
  const p = db.prisma;
  const region = await p.region.create({ data: { slug: "west", name: "Midden-Limburg West" } });
  const org = await p.organisation.create({ data: { slug: "venlo", name: "Venlo", kind: "MUNICIPALITY", regionId: region.id } });
  const ws = await p.workspace.create({ data: { slug: "limburg", name: "Limburg", regions: { create: [{ regionId: region.id }] } } });
  const anna = await p.user.create({ data: { email: "anna@weert.nl", name: "Anna de Vries", organisationId: org.id, passwordHash: "x" } });
  const venlo = await p.user.create({ data: { email: "venlo@venlo.nl", name: "Vera Venlo", organisationId: org.id, passwordHash: "x" } });
  await p.membership.create({ data: { userId: venlo.id, workspaceId: ws.id, role: "EDITOR" } });
  Object.assign(ids, { ws: ws.id, anna: anna.id, venlo: venlo.id });
});
afterAll(async () => {
  await smtp.close();
  await db.close();
});

async function send(): Promise<void> {
  const worker = new MailWorker({ prisma: db.prisma, transport: createSmtpTransport({ url: smtp.url, from: "Regiotafel <noreply@regiotafel.example>", connections: 1 }), sender: { origin: ORIGIN }, log: () => undefined });
  try {
    while ((await worker.runOnce()) > 0);
  } finally {
    await worker.stop();
  }
}

/** A header as the mail carries it, unfolded. */
function header(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, " ").slice(name.length + 1).trim();
}

describe("notification and digest mails through SMTP", () => {
  it("a mention by mail at once: one mail with its link, the preferences link and a working one-click unsubscribe header", async () => {
    await db.prisma.$transaction((tx) =>
      createNotifications(tx, [
        { userId: ids.venlo!, workspaceId: ids.ws!, kind: "mention", actorId: ids.anna!, path: "/w/limburg/documenten/d1?reactie=c1", params: { title: "Gezamenlijke inkoopstrategie", excerpt: "@Venlo klopt dit?" } },
      ]),
    );
    await send();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelopeTo).toEqual(["venlo@venlo.nl"]);
    expect(mail!.parsed.subject).toBe("Anna de Vries heeft je genoemd bij ‘Gezamenlijke inkoopstrategie’");
    expect(mail!.parsed.text).toContain(`${ORIGIN}/w/limburg/documenten/d1?reactie=c1`);
    expect(mail!.parsed.text).toContain(`${ORIGIN}/account/meldingen`);
    const listUnsubscribe = header(mail!, "List-Unsubscribe");
    expect(listUnsubscribe).toMatch(new RegExp(`^<${ORIGIN}/meldingen/afmelden/[A-Za-z0-9_-]{43}>$`));
    expect(header(mail!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const token = /afmelden\/([A-Za-z0-9_-]+)>/.exec(listUnsubscribe!)![1]!;
    // The link in the mail is the header's address.
    expect(mail!.parsed.text).toContain(`${ORIGIN}/meldingen/afmelden/${token}`);
    expect(await findUnsubscribe(db.prisma, token)).toEqual({ scope: "mention" });
    expect(await unsubscribe(db.prisma, token)).toEqual({ scope: "mention", kinds: ["mention"] });
    // Once sent, the outbox no longer holds the token.
    const params = await db.prisma.$queryRaw<{ token: string }[]>`SELECT params->>'unsubscribeToken' AS token FROM mail_outbox`;
    expect(params).toEqual([{ token: "verstuurd" }]);
  });

  it("a day of comments: exactly one digest, grouped by workspace, in the reader's language, with the unsubscribe headers for the digest", async () => {
    smtp.received.length = 0;
    await setNotificationPreferences(db.prisma, ids.venlo!, { deliveries: {}, mailLocale: "en" });
    for (const [i, at] of ["2026-12-07T09:00:00Z", "2026-12-07T12:00:00Z", "2026-12-07T18:00:00Z"].entries()) {
      const path = `/w/limburg/aanbestedingen/t${i}`;
      await db.prisma.$transaction((tx) => createNotifications(tx, [{ userId: ids.venlo!, workspaceId: ids.ws!, kind: "comment", actorId: ids.anna!, path, params: { title: `Perceel S${i}` } }]));
      await db.prisma.$executeRaw`UPDATE notification SET created_at = ${new Date(at)} WHERE path = ${path}`;
    }
    const now = new Date("2026-12-08T07:01:00Z");
    await Promise.all([runDigests(db.prisma, { now, period: "daily" }), runDigests(db.prisma, { now, period: "daily" })]);
    await runDigests(db.prisma, { now, period: "daily" });
    await send();
    const [digest] = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(1);
    expect(digest!.parsed.subject).toBe("Your Regiotafel daily digest: 3 notifications");
    const text = digest!.parsed.text!;
    expect(text).toContain("Limburg\n");
    for (const i of [0, 1, 2]) expect(text).toContain(`- Anna de Vries commented on ‘Perceel S${i}’, which you follow\n  ${ORIGIN}/w/limburg/aanbestedingen/t${i}`);
    expect(header(digest!, "List-Unsubscribe")).toMatch(new RegExp(`^<${ORIGIN}/meldingen/afmelden/[A-Za-z0-9_-]{43}>$`));
    expect(header(digest!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const token = /afmelden\/([A-Za-z0-9_-]+)>/.exec(header(digest!, "List-Unsubscribe")!)![1]!;
    expect(await findUnsubscribe(db.prisma, token)).toEqual({ scope: "digest:daily" });
  });
});
