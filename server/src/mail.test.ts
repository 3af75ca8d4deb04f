import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMail, getOutboxMail } from "@regiotafel/db";
import { startTestSmtpServer, type TestSmtpServer } from "@regiotafel/mail/testing";
import type { RunningServer } from "./server";
import { startTestServer } from "./test-server";
import { rawRequest } from "./test-http";

// The mail outbox inside the real server: started with it, stopped with it; without SMTP_URL
// the development mailbox, which production never has (ADR 0019).

const reset = (key: string, to = "weert@example.org") =>
  ({ key, to, locale: "nl", template: "passwordReset", params: { link: `https://regiotafel.example/wachtwoord/${key}?t=a&b=c` } }) as const;

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("without SMTP_URL (development)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ DEMO_DATA: "0" });
  });
  afterAll(() => server?.close());

  it("logs the mail instead of sending it and lists it in the development mailbox at /dev/mail", async () => {
    expect(server.mail.kind).toBe("log");
    const id = await server.database.prisma.$transaction((tx) => enqueueMail(tx, reset("dev-1")));
    server.mail.wake();
    await waitFor(async () => ((await getOutboxMail(server.database.prisma, id))?.state === "LOGGED" ? true : undefined));
    const page = await rawRequest(`${server.url}/dev/mail`);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("Nieuw wachtwoord kiezen voor Regiotafel");
    expect(page.body).toContain("weert@example.org");
    expect(page.body).toContain('<a href="https://regiotafel.example/wachtwoord/dev-1?t=a&amp;b=c">');
  });
});

describe("in production", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: "production", ALLOWED_HOSTS: "regiotafel.example" });
  });
  afterAll(() => server?.close());

  it("has no development mailbox, even without SMTP_URL and with a logged mail", async () => {
    const id = await server.database.prisma.$transaction((tx) => enqueueMail(tx, reset("prod-1")));
    server.mail.wake();
    await waitFor(async () => ((await getOutboxMail(server.database.prisma, id))?.state === "LOGGED" ? true : undefined));
    const page = await rawRequest(`${server.url}/dev/mail`, { headers: { Host: "regiotafel.example" } });
    expect(page.status).toBe(404);
    expect(page.body).not.toContain("wachtwoord/prod-1");
  });
});

describe("with SMTP_URL", () => {
  let smtp: TestSmtpServer;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await server?.close();
    await smtp.close();
  });

  it("sends from MAIL_FROM as soon as it is woken, and stops with the server", async () => {
    server = await startTestServer({ DEMO_DATA: "0", SMTP_URL: smtp.url, MAIL_FROM: "Regiotafel Limburg <noreply@regiotafel.example>", MAIL_ORGANISATION: "MGR Sociaal Domein Limburg-Noord" });
    expect(server.mail.kind).toBe("smtp");
    const id = await server.database.prisma.$transaction((tx) => enqueueMail(tx, reset("smtp-1")));
    server.mail.wake();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.messageId).toBe(`<${id}@regiotafel.example>`);
    expect(mail!.parsed.from?.text).toBe('"Regiotafel Limburg" <noreply@regiotafel.example>');
    expect(mail!.parsed.text).toContain("namens MGR Sociaal Domein Limburg-Noord");
    await waitFor(async () => ((await getOutboxMail(server!.database.prisma, id))?.state === "SENT" ? true : undefined));
    expect((await rawRequest(`${server.url}/dev/mail`)).status).toBe(200); // development: the page exists, but lists only logged mail
    expect((await rawRequest(`${server.url}/dev/mail`)).body).not.toContain("wachtwoord/smtp-1");
    const closing = server;
    server = undefined;
    await closing.close();
  });
});
