import path from "node:path";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { appRouter, MAX_BATCH_SIZE, type CollabService } from "@regiotafel/api";
import { isAllowedOrigin, type Auth } from "@regiotafel/auth";
import type { Db } from "@regiotafel/db";
import { errorMessage } from "@regiotafel/domain";
import type { Config } from "./config";
import { cookieForRequest, createContext, createLoadContext, requestLocale, type SessionState } from "./request-context";
import { mountLive } from "./live";
import { singleQueryHandler } from "./trpc-query";
import { repoRoot } from "./paths";

export interface HttpDeps {
  config: Config;
  prisma: Db;
  auth: Auth;
  collab: CollabService;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const MAX_BODY = "100kb";

export async function createHttpApp(deps: HttpDeps) {
  const { config, prisma, auth, collab } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(compression());
  app.use(securityHeaders);

  app.get("/healthz", async (_req, res) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "unavailable" });
    }
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
    if (SAFE_METHODS.has(req.method)) return next();
    if (isAllowedOrigin(req.get("origin"), req.get("host"), config.allowedOrigins)) return next();
    refuse(req, res, 403, "FORBIDDEN", "origin.refused");
  };

  app.use(
    "/api/trpc",
    (req, res, next) => {
      let paths: string;
      try {
        paths = decodeURIComponent(req.path.slice(1));
      } catch {
        return refuse(req, res, 400, "BAD_REQUEST", "input.invalid");
      }
      // One HTTP request may batch several calls ("a,b,c"); cap how many.
      const calls = paths.split(",").length;
      if (calls > MAX_BATCH_SIZE) {
        return refuse(req, res, 400, "BAD_REQUEST", "batch.tooLarge", { max: MAX_BATCH_SIZE });
      }
      next();
    },
    sameOrigin,
    withSession,
    singleQueryHandler({ router: appRouter, createContext: (req, res) => createContext({ prisma, auth, collab }, req, res), onError: logTrpcError }),
    express.json({ limit: MAX_BODY }),
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext({ prisma, auth, collab }, req, res),
      onError: logTrpcError,
    }),
  );

  // Static files after the API, so API requests never touch the file system.
  const ui = await uiHandlers(config);
  app.use(ui.assets);
  app.use(sameOrigin, withSession);
  const live = mountLive(app, { prisma, auth, config });

  app.all(
    "*",
    createRequestHandler({
      build: ui.build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => createLoadContext({ prisma, auth, collab }, req, res),
    }),
  );

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // body-parser marks its refusals (too large, malformed JSON) with a 4xx status.
    const type = (error as { type?: string }).type;
    const status = type === "entity.too.large" ? 413 : type === "entity.parse.failed" ? 400 : 500;
    if (status === 500) console.error(error);
    const key = status === 413 ? "payload.tooLarge" : status === 400 ? "input.invalid" : "server.error";
    res.status(status).json({ error: { message: errorMessage(requestLocale(req), key), data: { httpStatus: status, messageKey: key } } });
  });

  return {
    app,
    async close() {
      live.close();
      await ui.close();
    },
  };
}

/** An error answer in the shape tRPC's errors have, so clients read both alike. */
function refuse(req: Request, res: Response, status: number, code: string, key: string, params?: Record<string, number>) {
  const message = errorMessage(requestLocale(req), key, params);
  res.status(status).json({ error: { message, data: { code, httpStatus: status, messageKey: key } } });
}

function logTrpcError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
}

async function readSession(auth: Auth, req: Request, res: Response): Promise<SessionState> {
  const token = auth.readToken(req.headers.cookie);
  if (!token) return { user: null, sessionToken: null };
  const result = await auth.validate(token);
  if (!result) {
    res.append("Set-Cookie", cookieForRequest(req, auth.blankCookie()));
    return { user: null, sessionToken: null };
  }
  if (result.refreshed) res.append("Set-Cookie", cookieForRequest(req, auth.sessionCookie(token)));
  return { user: result.user, sessionToken: token };
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
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
