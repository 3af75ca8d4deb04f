import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { startTestServer } from "./test-server";
import { rawRequest } from "./test-http";

// TRUST_PROXY decides who may tell the server a client's address (login throttling, the
// sessions' record) and scheme (Secure cookies, HSTS, the Origin check).

let direct: RunningServer;
let proxied: RunningServer;

beforeAll(async () => {
  [direct, proxied] = await Promise.all([startTestServer(), startTestServer({ TRUST_PROXY: "1" })]);
});
afterAll(async () => {
  await Promise.all([direct?.close(), proxied?.close()]);
});

function login(server: RunningServer, headers: Record<string, string>, password = "regiotafel-demo") {
  const body = new URLSearchParams({ email: "weert@demo.regiotafel.nl", password, redirectTo: "/" }).toString();
  return rawRequest(`${server.url}/login`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

const newestSessionAddress = async (server: RunningServer) =>
  (await server.database.prisma.session.findFirst({ orderBy: { createdAt: "desc" }, select: { ipAddress: true } }))?.ipAddress;

describe("without TRUST_PROXY", () => {
  it("takes the client address from the connection: X-Forwarded-For cannot choose it for throttling", async () => {
    const res = await login(direct, { "X-Forwarded-For": "203.0.113.7" });
    expect(res.status).toBe(302);
    expect(await newestSessionAddress(direct)).toBe("127.0.0.1");
    for (let i = 0; i < 3; i++) await login(direct, { "X-Forwarded-For": `203.0.113.${10 + i}` }, "wrong-password");
    const keys = (await direct.database.prisma.loginThrottle.findMany({ select: { key: true } })).map((t) => t.key).join(" ");
    expect(keys).not.toMatch(/203\.0\.113/);
  });

  it("ignores X-Forwarded-Proto: no HSTS, the plain-http cookie, and an https Origin is foreign", async () => {
    const res = await login(direct, { "X-Forwarded-Proto": "https" });
    expect(res.headers["strict-transport-security"]).toBeUndefined();
    expect(res.headers["set-cookie"]?.some((c) => c.startsWith("regiotafel_session="))).toBe(true);
    const https = await login(direct, { "X-Forwarded-Proto": "https", Origin: direct.url.replace("http:", "https:") });
    expect(https.status).toBe(403);
  });
});

describe("TRUST_PROXY=1 (one proxy in front)", () => {
  it("counts the entry the proxy appended to X-Forwarded-For, not what the client put before it", async () => {
    const res = await login(proxied, { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" });
    expect(res.status).toBe(302);
    expect(await newestSessionAddress(proxied)).toBe("203.0.113.9");
  });

  it("over https (X-Forwarded-Proto): HSTS, the __Host- cookie, and an Origin check that compares the scheme", async () => {
    const https = proxied.url.replace("http:", "https:");
    const res = await login(proxied, { "X-Forwarded-Proto": "https", Origin: https });
    expect(res.status).toBe(302);
    expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const cookie = res.headers["set-cookie"]?.find((c) => c.startsWith("__Host-regiotafel_session="));
    expect(cookie).toMatch(/; Path=\/; .*Secure/);
    expect(res.headers["set-cookie"]?.some((c) => c.startsWith("regiotafel_session="))).toBe(false);

    // Same host and port, other scheme: refused.
    expect((await login(proxied, { "X-Forwarded-Proto": "https", Origin: proxied.url })).status).toBe(403);

    // Only the cookie that belongs to the scheme is read.
    const token = cookie!.split(";")[0]!.split("=")[1]!;
    const page = (cookieHeader: string, proto: string) =>
      rawRequest(`${proxied.url}/w/limburg`, { headers: { Cookie: cookieHeader, "X-Forwarded-Proto": proto } });
    expect((await page(`__Host-regiotafel_session=${token}`, "https")).status).toBe(200);
    expect((await page(`regiotafel_session=${token}`, "https")).status).toBe(302);
    expect((await page(`__Host-regiotafel_session=${token}`, "http")).status).toBe(302);
  });
});
