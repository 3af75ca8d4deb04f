// Notification preferences through the API (issue 21, point 7; ADR 0038): the signed-in user's
// own, a bad input refused with nothing changed; the unsubscribe procedures work without
// signing in and only for the token's user and kind.
import { createNotifications } from "@regiotafel/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "./router";
import { createApiTestEnv, refusal, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.db.prisma.notificationPreference.deleteMany({});
  await env.db.prisma.notificationSetting.deleteMany({});
  await env.db.prisma.notificationMailLocale.deleteMany({});
});

const as = async (email: string | null) => createCaller(await env.contextFor(email));
const userId = async (email: string) => (await env.db.prisma.user.findUniqueOrThrow({ where: { email } })).id;
const stored = () => env.db.prisma.notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] });

describe("notificationPreferences.get and .set", () => {
  it("give the signed-in user's own preferences, defaults first, and store a change for that user only", async () => {
    const venlo = await as("venlo@demo.regiotafel.nl");
    const initial = await venlo.notificationPreferences.get({});
    expect(initial.kinds.find((k) => k.kind === "mention")).toEqual({ kind: "mention", delivery: "IMMEDIATE", isDefault: true });
    expect(initial.milestoneLeadDays).toBe(7);
    const after = await venlo.notificationPreferences.set({ deliveries: { comment: "WEEKLY", mention: "OFF" }, milestoneLeadDays: 3, mailLocale: "en" });
    expect(after.kinds.filter((k) => !k.isDefault).map((k) => [k.kind, k.delivery])).toEqual([
      ["mention", "OFF"],
      ["comment", "WEEKLY"],
    ]);
    expect(after.milestoneLeadDays).toBe(3);
    expect(after.mailLocale).toBe("en");
    const weert = await (await as("weert@demo.regiotafel.nl")).notificationPreferences.get({});
    expect(weert.kinds.every((k) => k.isDefault)).toBe(true);
    const venloId = await userId("venlo@demo.regiotafel.nl");
    expect((await stored()).map((p) => p.userId)).toEqual([venloId, venloId]);
  });

  it("refuses bad input as BAD_REQUEST and changes nothing", async () => {
    const venlo = await as("venlo@demo.regiotafel.nl");
    await venlo.notificationPreferences.set({ deliveries: { reply: "WEEKLY" } });
    const before = await stored();
    const bad: unknown[] = [
      { deliveries: { mention: "LOUD" } },
      { deliveries: { gossip: "OFF" } },
      { deliveries: { reply: "OFF" }, milestoneLeadDays: 61 },
      { deliveries: { reply: "OFF" }, milestoneLeadDays: -1 },
      { deliveries: { reply: "OFF" }, milestoneLeadDays: 2.5 },
      { deliveries: { reply: "OFF" }, mailLocale: "de" },
      { deliveries: { reply: "OFF" }, userId: await userId("weert@demo.regiotafel.nl") },
    ];
    for (const input of bad) expect(await refusal(venlo.notificationPreferences.set(input as never)), JSON.stringify(input)).toMatch(/^BAD_REQUEST/);
    expect(await stored()).toEqual(before);
    expect(await env.db.prisma.notificationSetting.count()).toBe(0);
  });

  it("are refused to anonymous callers", async () => {
    const anonymous = await as(null);
    expect(await refusal(anonymous.notificationPreferences.get({}))).toMatch(/^UNAUTHORIZED/);
    expect(await refusal(anonymous.notificationPreferences.set({ deliveries: { mention: "OFF" } }))).toMatch(/^UNAUTHORIZED/);
    expect(await stored()).toEqual([]);
  });
});

describe("notificationPreferences.unsubscribe", () => {
  it("works without signing in for the token's user and kind only; an unknown token is NOT_FOUND and changes nothing", async () => {
    const venloId = await userId("venlo@demo.regiotafel.nl");
    const weertId = await userId("weert@demo.regiotafel.nl");
    await env.db.prisma.$transaction((tx) =>
      createNotifications(tx, [{ userId: venloId, workspaceId: null, kind: "mention", actorId: weertId, path: "/", params: { title: "Strategie" } }]),
    );
    const [mail] = await env.db.prisma.$queryRaw<{ token: string }[]>`SELECT params->>'unsubscribeToken' AS token FROM mail_outbox WHERE template = 'notification' ORDER BY created_at DESC LIMIT 1`;
    const anonymous = await as(null);
    expect(await refusal(anonymous.notificationPreferences.unsubscribe({ token: "garbage" }))).toBe("NOT_FOUND unsubscribe.invalid");
    expect(await refusal(anonymous.notificationPreferences.checkUnsubscribe({ token: "x".repeat(1000) }))).toBe("NOT_FOUND unsubscribe.invalid");
    expect(await stored()).toEqual([]);
    expect(await anonymous.notificationPreferences.checkUnsubscribe({ token: mail!.token })).toEqual({ scope: "mention" });
    expect(await anonymous.notificationPreferences.unsubscribe({ token: mail!.token })).toEqual({ scope: "mention", kinds: ["mention"] });
    expect(await stored()).toEqual([{ userId: venloId, kind: "mention", delivery: "IN_APP" }]);
  });
});
