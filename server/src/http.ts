import path from "node:path";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { appRouter, MAX_BATCH_SIZE, type CollabService, type SingleSignOnService } from "@regiotafel/api";
import type { Auth } from "@regiotafel/auth";
import type { Db, EventBus, MessageTransport } from "@regiotafel/db";
import { errorMessage, type Locale } from "@regiotafel/domain";
import type { Config } from "./config";
import { createContext, createLoadContext, readSession, requestLocale, requestSite } from "./request-context";
import { healthCheck, migratedCheck, readinessCheck } from "./health";
import { mountLive } from "./live";
import { createPageHandler } from "./pages";
import { mountDevMailbox } from "./dev-mail";
import { apiHeaders, baseHeaders, pageHeaders } from "./security-headers";
import { isAllowedHost, isAllowedOrigin, siteOf, type SiteRules } from "./site";
import { singleQueryHandler } from "./trpc-query";
import { scimRouter, SCIM_PATH } from "./scim";
import { calendarRouter, CALENDAR_FEED_PATH } from "./calendar";
import { repoRoot } from "./paths";

export interface HttpDeps {
  config: Config;
  prisma: Db;
  auth: Auth;
  /** Organisations' own sign-in (ADR 0035). */
  singleSignOn: SingleSignOnService;
  collab: CollabService;
  /** The other instances (REDIS_URL), or null: one process on its own. */
  transport?: MessageTransport | null;
  /** The event bus the live streams follow (the process's unless a test gives an instance its own). */
  bus?: EventBus;
  /** /readyz: 503 while this answers true (the server is stopping). */
  draining?: () => boolean;
  /** /readyz: whether Redis answers (with REDIS_URL only). */
  pingRedis?: (() => Promise<boolean>) | null;
  /** /readyz: the migrations this build expects to find applied. */
  migrations?: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The one-click unsubscribe page (app/src/routes/meldingen.afmelden.$token.tsx): its POST needs no Origin. */
const ONE_CLICK_UNSUBSCRIBE = /^\/meldingen\/afmelden\/[A-Za-z0-9_-]{1,200}$/;

/** The platform page that imports a workspace archive (app/src/routes/platform_.import.tsx): its upload may be IMPORT_MAX_MB. */
const IMPORT_PAGE_PATH = "/platform/import";

export async function createHttpApp(deps: HttpDeps) {
  const { config, prisma, auth, collab, singleSignOn } = deps;
  const rules: SiteRules = config;
  const app = express();
  app.disable("x-powered-by");
  // Express's last-resort handler prints stack traces unless it thinks it is in production.
  app.set("env", "production");
  app.set("trust proxy", config.trustProxy.trusts);
  app.use(compression());

  const draining = deps.draining ?? (() => false);
  // While draining, every answer closes its connection: keep-alive clients reconnect through
  // the load balancer, which sends them to another instance.
  app.use((_req, res, next) => {
    if (draining()) res.setHeader("Connection", "close");
    next();
  });

  // Before the host check: load balancers probe by address, and the answer reveals nothing.
  const healthy = healthCheck(prisma);
  app.get("/healthz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    if (await healthy()) res.json({ status: "ok" });
    else res.status(503).json({ status: "unavailable" });
  });
  // Readiness for load balancers (ADR 0033): 503 while draining, or while PostgreSQL, the
  // migrations or (with REDIS_URL) Redis are not there; /healthz stays plain liveness.
  const ready = readinessCheck({
    database: healthy,
    migrated: migratedCheck(prisma, deps.migrations ?? []),
    redis: deps.pingRedis ?? null,
    draining,
  });
  app.get("/readyz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const readiness = await ready();
    if (readiness.ready) res.json({ status: "ready" });
    else res.status(503).json({ status: "unavailable", failed: readiness.failed });
  });

  // DNS rebinding defence: only our own host names get an answer (the WebSocket upgrade checks the same).
  app.use((req, res, next) => {
    const site = siteOf(req, config.trustProxy);
    if (!isAllowedHost(site, rules)) {
      res.status(421).type("text/plain; charset=utf-8").send(errorMessage(requestLocale(req), "host.unknown"));
      return;
    }
    res.locals.site = site;
    baseHeaders(site, res);
    next();
  });

  const withSession = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.session = await readSession(auth, req, res);
      next();
    } catch (error) {
      next(error);
    }
  };

  // CSRF defence: a state-changing request must come from our own pages.
  const sameOrigin = (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || isAllowedOrigin(req.get("origin"), requestSite(res), rules)) return next();
    // RFC 8058: a mail client POSTs the unsubscribe link of a notification mail by itself, with
    // no Origin and no cookies. The token in the path is the whole authority (it names one user
    // and one kind, ADR 0038), so a forged request could only do what the link's owner may.
    if (req.method === "POST" && ONE_CLICK_UNSUBSCRIBE.test(req.path)) return next();
    next(new HttpFailure(403, "origin.refused"));
  };

  const ui = await uiHandlers(config);
  const pages = createPageHandler({
    build: ui.build,
    mode: config.viteDev ? "development" : "production",
    maxBodyBytes: config.maxBodyBytes,
    uploads: [{ path: IMPORT_PAGE_PATH, maxBytes: config.importMaxBytes }],
    loadContext: (req, res, failure) =>
      createLoadContext({ prisma, auth, singleSignOn, collab, demo: config.demoData, importMaxBytes: config.importMaxBytes, accessibilityContact: config.accessibilityContact }, req, res, failure) as unknown as AppLoadContext,
  });

  // SCIM (issue 20): a bearer token, never a cookie, so it stands outside the origin check below.
  app.use(SCIM_PATH, scimRouter({ prisma, maxBodyBytes: config.maxBodyBytes }));
  // Calendar feeds (issue 21, ADR 0037): the secret address is the credential, never a cookie.
  app.use(CALENDAR_FEED_PATH, calendarRouter({ prisma }));

  app.use(
    "/api/trpc",
    apiHeaders,
    (req, _res, next) => {
      let paths: string;
      try {
        paths = decodeURIComponent(req.path.slice(1));
      } catch {
        return next(new HttpFailure(400, "input.invalid"));
      }
      // One HTTP request may batch several calls ("a,b,c"); cap how many.
      const calls = paths.split(",").length;
      if (calls > MAX_BATCH_SIZE) return next(new HttpFailure(400, "batch.tooLarge", { max: MAX_BATCH_SIZE }));
      // The API reads JSON only; other bodies would reach tRPC's form and binary parsers.
      if (!SAFE_METHODS.has(req.method) && hasBody(req) && !req.is("application/json")) return next(new HttpFailure(415, "payload.unsupported"));
      next();
    },
    sameOrigin,
    withSession,
    singleQueryHandler({ router: appRouter, createContext: (req, res) => createContext({ prisma, auth, singleSignOn, collab }, req, res), onError: logTrpcError }),
    // Read as text and let tRPC parse it: given a parsed body, tRPC's Node adapter turns it
    // back into text with JSON.stringify, which overflows the stack on deeply nested JSON.
    express.text({ type: "application/json", limit: config.maxBodyBytes }),
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext({ prisma, auth, singleSignOn, collab }, req, res),
      onError: logTrpcError,
    }),
  );
  app.use("/api", apiHeaders, (_req, _res, next) => next(new HttpFailure(404, "notFound")));

  // Static files after the API, so API requests never touch the file system.
  app.use(ui.assets);
  app.use(pageHeaders({ viteDev: config.viteDev }), sameOrigin, withSession);
  // Mails that were logged instead of sent, with their links: never in production.
  if (!config.production) mountDevMailbox(app, { prisma, sender: { ...config.mail.sender, origin: config.publicUrl } });
  const live = mountLive(app, { prisma, auth, config, transport: deps.transport, bus: deps.bus });
  app.use((req, res, next) => void pages.handle(req, res, next));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const failure = asFailure(error);
    if (failure.status >= 500) console.error(error);
    if (res.headersSent) return void res.destroy();
    if (req.originalUrl.startsWith("/api/") || !res.locals.site) return void refuseJson(req, res, failure);
    void renderErrorPage(req, res, failure);
  });

  /** An HTML page in the user's language, with the signed-in header where the session is known. */
  async function renderErrorPage(req: Request, res: Response, failure: HttpFailure) {
    try {
      // A refusal before the session was read (origin, host) still shows who is signed in;
      // after a server failure the database may be what failed, so it is not asked again.
      if (!res.locals.session && failure.status < 500) res.locals.session = await readSession(auth, req, res).catch(() => undefined);
      await pages.renderFailure(req, res, failure.status);
    } catch (renderError) {
      console.error("error page failed", renderError);
      if (res.headersSent) return void res.destroy();
      plainErrorPage(requestLocale(req), res, failure);
    }
  }

  return {
    app,
    async close() {
      live.close();
      await ui.close();
    },
  };
}

/** A refusal with a status and a message key (packages/domain/src/messages.ts). */
class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params?: Record<string, number>,
  ) {
    super(key);
  }
}

const KEY_FOR_STATUS: Record<number, string> = { 400: "input.invalid", 404: "notFound", 413: "payload.tooLarge", 415: "payload.unsupported" };

/** Express and body-parser mark their refusals (too large, malformed JSON or path) with a 4xx status. */
function asFailure(error: unknown): HttpFailure {
  if (error instanceof HttpFailure) return error;
  const status = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new HttpFailure(KEY_FOR_STATUS[status] ? status : 400, KEY_FOR_STATUS[status] ?? "input.invalid");
  }
  return new HttpFailure(500, "server.error");
}

/** An error answer in the shape tRPC's errors have, so clients read both alike. */
function refuseJson(req: Request, res: Response, failure: HttpFailure) {
  const message = errorMessage(requestLocale(req), failure.key, failure.params);
  const code = failure.status === 403 ? "FORBIDDEN" : failure.status === 500 ? "INTERNAL_SERVER_ERROR" : failure.status === 404 ? "NOT_FOUND" : "BAD_REQUEST";
  res.status(failure.status).json({ error: { message, data: { code, httpStatus: failure.status, messageKey: failure.key } } });
}

/** When even the error page cannot be rendered: a plain page in the user's language. */
function plainErrorPage(locale: Locale, res: Response, failure: HttpFailure) {
  const message = errorMessage(locale, failure.key, failure.params).replace(/[<>&]/g, "");
  res
    .status(failure.status)
    .type("text/html; charset=utf-8")
    .send(`<!DOCTYPE html><html lang="${locale}"><meta charset="utf-8"><title>Regiotafel</title><p>${message}</p><p><a href="/">Regiotafel</a></p></html>`);
}

function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

function logTrpcError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
}

/** The Remix UI: the built app, or Vite's dev server with hot reload when VITE_DEV=1. */
async function uiHandlers(config: Config) {
  const appDir = path.join(repoRoot(), "app");
  if (config.viteDev) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root: appDir, server: { middlewareMode: true } });
    return {
      assets: devServer.middlewares,
      build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      close: () => devServer.close(),
    };
  }
  const buildDir = path.join(appDir, "build");
  const build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
  const assets = express.Router();
  assets.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  assets.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  return { assets, build: () => Promise.resolve(build), close: async () => undefined };
}
