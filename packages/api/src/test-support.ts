import { TRPCError } from "@trpc/server";
import { createAuth, createSecretBox, createSingleSignOn, type Auth, type AuthUser, type SignedInWith, type SingleSignOn } from "@regiotafel/auth";
import { DEMO_PASSWORD, seedDemoData, seedDemoRecords, seedDemoLibrary, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { describeError, type Locale } from "@regiotafel/domain";
import { CollabHub, SqlDocumentStorage, seedDemoDocuments } from "@regiotafel/collab";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Context } from "./context";
import { appRouter, createCaller } from "./router";

export const CHEAP_PASSWORD_COST = { log2N: 10, r: 8, p: 1 };

/** A fixed REGIOTAFEL_SECRET_KEY for tests (32 bytes, base64). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
/** Where the test providers send the browser back to. */
export const TEST_SSO_CALLBACK = "http://localhost/inloggen/sso";

/** Single sign-on as the server builds it, against providers on this machine (http allowed). */
export function testSingleSignOn(prisma: Database["prisma"], options: { now?: () => Date } = {}): SingleSignOn {
  return createSingleSignOn({ prisma, secretBox: createSecretBox(TEST_SECRET_KEY), redirectUri: TEST_SSO_CALLBACK, allowHttpIssuers: true, timeoutMs: 2_000, ...options });
}

export interface ContextOptions {
  locale?: Locale;
  sessionToken?: string | null;
  signedInWith?: SignedInWith | null;
}

export interface ApiTestEnv {
  db: Database;
  /** The live-editing hub procedures talk to (no sockets attached in these tests). */
  hub: CollabHub;
  auth: Auth;
  singleSignOn: SingleSignOn;
  demoPasswordHash: string;
  /** A context for `email` (null: anonymous); cookies set by procedures land in `cookies`. */
  contextFor(email: string | null, options?: ContextOptions): Promise<Context & { cookies: string[] }>;
  callerFor(email: string | null, options?: ContextOptions): Promise<ReturnType<typeof createCaller>>;
  /** A caller plus the Set-Cookie values its procedures produce. */
  session(email: string | null, options?: { sessionToken?: string | null }): Promise<{ api: ReturnType<typeof createCaller>; cookies: string[] }>;
  /** Calls a procedure through the real HTTP adapter and returns status and body (to see formatted errors). */
  http(email: string | null, path: string, input: unknown, kind: "query" | "mutation", locale?: Locale): Promise<{ status: number; body: HttpBody }>;
  userByEmail(email: string): Promise<AuthUser>;
  close(): Promise<void>;
}

export interface HttpBody {
  result?: { data: unknown };
  error?: { message: string; data: { code: string; httpStatus: number; messageKey: string; fieldErrors?: Record<string, string[]> } };
}

/** A fresh database with the demo workspaces, and callers acting as any demo account. */
export async function createApiTestEnv(): Promise<ApiTestEnv> {
  const db = await createTestDatabase();
  const auth = createAuth({ prisma: db.prisma, secureCookies: false, passwordCost: CHEAP_PASSWORD_COST, secretBox: createSecretBox(TEST_SECRET_KEY) });
  const demoPasswordHash = await auth.hashPassword(DEMO_PASSWORD);
  await seedDemoData(db.prisma, demoPasswordHash);
  await seedDemoDocuments(db.prisma);
  await seedDemoRecords(db.prisma);
  await seedDemoLibrary(db.prisma, demoPasswordHash);
  // No unloading during a test file: a background compaction would change the state the tests compare.
  const hub = new CollabHub({ store: new SqlDocumentStorage(db.prisma), unloadAfterMs: 3_600_000 });
  const singleSignOn = testSingleSignOn(db.prisma);

  async function userByEmail(email: string): Promise<AuthUser> {
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    return { id: u.id, email: u.email, name: u.name, organisationId: u.organisationId };
  }

  async function contextFor(email: string | null, options: ContextOptions = {}) {
    const cookies: string[] = [];
    const ctx: Context & { cookies: string[] } = {
      prisma: db.prisma,
      auth,
      locale: options.locale ?? "nl",
      user: email ? await userByEmail(email) : null,
      sessionToken: options.sessionToken ?? null,
      signedInWith: options.signedInWith ?? (email ? { method: "PASSWORD" } : null),
      client: { ipAddress: "192.0.2.1", userAgent: "vitest" },
      setCookie: (c) => cookies.push(c),
      collab: hub,
      origin: "http://localhost",
      singleSignOn,
      cookies,
    };
    return ctx;
  }

  return {
    db,
    hub,
    auth,
    singleSignOn,
    demoPasswordHash,
    contextFor,
    userByEmail,
    async callerFor(email, options) {
      return createCaller(await contextFor(email, options));
    },
    async session(email, options) {
      const ctx = await contextFor(email, options);
      return { api: createCaller(ctx), cookies: ctx.cookies };
    },
    async http(email, path, input, kind, locale = "nl") {
      const ctx = await contextFor(email, { locale });
      const url = kind === "query"
        ? `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
        : `http://localhost/api/trpc/${path}`;
      const req = new Request(url, kind === "query" ? {} : { method: "POST", body: JSON.stringify(input), headers: { "Content-Type": "application/json" } });
      const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ctx });
      return { status: res.status, body: (await res.json()) as HttpBody };
    },
    async close() {
      await hub.shutdown();
      await db.close();
    },
  };
}

/** The state the tenancy and bad-input tests compare before and after a refused call. */
export async function fingerprint(db: Database): Promise<string> {
  const [memberships, organisations, audit, users, sessions, throttles, documents, versions, updates] = await Promise.all([
    db.prisma.membership.findMany({ select: { userId: true, workspaceId: true, role: true }, orderBy: [{ userId: "asc" }, { workspaceId: "asc" }] }),
    db.prisma.organisation.findMany({
      select: { id: true, version: true, contactName: true, contactEmail: true, contactPhone: true, regionId: true, endedOn: true, name: true },
      orderBy: { id: "asc" },
    }),
    db.prisma.auditEvent.count(),
    db.prisma.user.findMany({ select: { id: true, passwordHash: true, email: true, deactivatedAt: true }, orderBy: { id: "asc" } }),
    db.prisma.session.count(),
    db.prisma.loginThrottle.count(),
    db.prisma.document.findMany({ select: { id: true, title: true, version: true, archivedAt: true }, orderBy: { id: "asc" } }),
    db.prisma.documentVersion.count(),
    db.prisma.documentUpdate.count(),
  ]);
  const records = await Promise.all([
    db.prisma.tender.findMany({ select: { id: true, version: true, status: true }, orderBy: { id: "asc" } }),
    db.prisma.lot.findMany({ select: { id: true, version: true, status: true }, orderBy: { id: "asc" } }),
    db.prisma.lotParticipation.findMany({ select: { lotId: true, municipalityId: true, participating: true }, orderBy: [{ lotId: "asc" }, { municipalityId: "asc" }] }),
    db.prisma.milestone.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } }),
    db.prisma.staffingLine.findMany({ select: { id: true, version: true, fteCurrent: true }, orderBy: { id: "asc" } }),
    db.prisma.governanceModel.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } }),
    db.prisma.governanceBody.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } }),
    db.prisma.decision.count(),
    db.prisma.nvoCheck.findMany({ select: { id: true, version: true, status: true }, orderBy: { id: "asc" } }),
    db.prisma.segment.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } }),
    db.prisma.marketFigure.findMany({ select: { id: true, version: true }, orderBy: { id: "asc" } }),
  ]);
  const library = await Promise.all([
    db.prisma.assessment.findMany({ select: { id: true, version: true, status: true }, orderBy: { id: "asc" } }),
    db.prisma.assessmentCriterion.findMany({ select: { id: true, weight: true }, orderBy: { id: "asc" } }),
    db.prisma.assessmentScore.findMany({ select: { id: true, score: true, rationale: true }, orderBy: { id: "asc" } }),
    db.prisma.template.findMany({ select: { id: true, version: true, publishedNumber: true }, orderBy: { id: "asc" } }),
    db.prisma.templateVersion.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    db.prisma.templateUse.count(),
    db.prisma.workspaceNotification.findMany({ select: { id: true, dismissedAt: true }, orderBy: { id: "asc" } }),
  ]);
  const accountTokens = await db.prisma.accountToken.count();
  // Workspaces themselves (ADR 0022): which exist, archived or not, their regions, who may create them.
  const workspaces = await Promise.all([
    db.prisma.workspace.findMany({ select: { id: true, slug: true, name: true, archivedAt: true }, orderBy: { id: "asc" } }),
    db.prisma.workspaceRegion.findMany({ orderBy: [{ workspaceId: "asc" }, { regionId: "asc" }] }),
    db.prisma.region.count(),
    db.prisma.workspaceCreator.findMany({ select: { userId: true }, orderBy: { userId: "asc" } }),
  ]);
  // Working together (ADR 0036): threads, comments, follows, notifications.
  const together = await Promise.all([
    db.prisma.commentThread.findMany({ select: { id: true, resolvedAt: true }, orderBy: { id: "asc" } }),
    db.prisma.comment.findMany({ select: { id: true, body: true, deletedAt: true }, orderBy: { id: "asc" } }),
    db.prisma.follow.findMany({ orderBy: [{ userId: "asc" }, { subjectType: "asc" }, { subjectId: "asc" }] }),
    db.prisma.notification.findMany({ select: { id: true, readAt: true }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ memberships, organisations, audit, users, sessions, throttles, documents, versions, updates, records, library, accountTokens, workspaces, together });
}

/** A procedure call's outcome for assertions: "OK", or "<code> <message key>[ <fields>]" of its refusal. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const { messageKey, fieldErrors } = describeError(error, "en");
    return `${error.code} ${messageKey}${fieldErrors ? ` ${Object.keys(fieldErrors).join(",")}` : ""}`;
  }
}
