import express, { type NextFunction, type Request, type Response, Router } from "express";
import { countAttempt, type ThrottleRule } from "@regiotafel/auth";
import {
  authenticateScimToken,
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  patchScimUser,
  replaceScimUser,
  type Db,
  type ScimActor,
} from "@regiotafel/db";
import { parseScimListQuery, SCIM_MAX_RESULTS, SCIM_SCHEMAS, scimErrorBody, ScimProblem, scimUserResource } from "@regiotafel/domain";
import { apiHeaders } from "./security-headers";
import type { Site } from "./site";

// The SCIM 2.0 endpoint (RFC 7644) an organisation's identity provider (Microsoft Entra ID)
// provisions its people through: /scim/v2/Users and the discovery resources. A bearer token in
// the Authorization header, and nothing else, says which organisation asks; every request is
// scoped to it. No cookie is read, so no session can be ridden: the CSRF origin check of the
// pages and the API does not apply, and this router is mounted before it (http.ts).

export const SCIM_PATH = "/scim/v2";

/** Failed authentications from one client address; a valid token is never held back by it. */
const FAILED_TOKEN_RULE: ThrottleRule = { maxAttempts: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SCIM_TYPES = ["application/scim+json", "application/json"];

export function scimRouter(deps: { prisma: Db; maxBodyBytes: number }): Router {
  const { prisma } = deps;
  const router = Router();
  router.use(apiHeaders);

  router.use(
    handle(async (req, res, next) => {
      const header = BEARER.exec(req.get("authorization") ?? "");
      const actor = header ? await authenticateScimToken(prisma, header[1]!) : null;
      if (actor) {
        res.locals.scim = actor;
        return next();
      }
      const now = new Date();
      const admission = await countAttempt(prisma, `scim:ip:${req.ip ?? "unknown"}`, FAILED_TOKEN_RULE, now);
      if (!admission.allowed) {
        res.setHeader("Retry-After", String(Math.max(1, Math.ceil((admission.lockedUntil.getTime() - now.getTime()) / 1000))));
        throw new ScimProblem(429, "Too many requests with an invalid token.");
      }
      res.setHeader("WWW-Authenticate", 'Bearer realm="SCIM"');
      throw new ScimProblem(401, "A valid bearer token is required.");
    }),
  );

  router.use((req, _res, next) => {
    if (req.method === "GET" || req.method === "DELETE" || !hasBody(req)) return next();
    if (!req.is(SCIM_TYPES)) return next(new ScimProblem(400, "The body must be application/scim+json.", "invalidSyntax"));
    next();
  });
  // Read as text and parsed here, so that a malformed body is a SCIM invalidSyntax, not a parser's error.
  router.use(express.text({ type: SCIM_TYPES, limit: deps.maxBodyBytes }));

  const actorOf = (res: Response) => res.locals.scim as ScimActor;
  const baseOf = (res: Response) => `${(res.locals.site as Site).origin}${SCIM_PATH}`;

  router.get(
    "/Users",
    handle(async (req, res) => {
      const query = parseScimListQuery(req.query as Record<string, unknown>);
      const { total, users } = await listScimUsers(prisma, actorOf(res), query);
      send(res, 200, {
        schemas: [SCIM_SCHEMAS.listResponse],
        totalResults: total,
        startIndex: query.startIndex,
        itemsPerPage: users.length,
        Resources: users.map((u) => scimUserResource(u, baseOf(res))),
      });
    }),
  );
  router.post(
    "/Users",
    handle(async (req, res) => {
      const user = await createScimUser(prisma, actorOf(res), bodyOf(req));
      const resource = scimUserResource(user, baseOf(res));
      res.setHeader("Location", resource.meta.location);
      send(res, 201, resource);
    }),
  );
  router.get(
    "/Users/:id",
    handle(async (req, res) => send(res, 200, scimUserResource(await getScimUser(prisma, actorOf(res), req.params.id!), baseOf(res)))),
  );
  router.patch(
    "/Users/:id",
    handle(async (req, res) => send(res, 200, scimUserResource(await patchScimUser(prisma, actorOf(res), req.params.id!, bodyOf(req)), baseOf(res)))),
  );
  router.put(
    "/Users/:id",
    handle(async (req, res) => send(res, 200, scimUserResource(await replaceScimUser(prisma, actorOf(res), req.params.id!, bodyOf(req)), baseOf(res)))),
  );
  router.delete(
    "/Users/:id",
    handle(async (req, res) => {
      await deleteScimUser(prisma, actorOf(res), req.params.id!);
      res.status(204).end();
    }),
  );

  router.get("/ServiceProviderConfig", (_req, res) => send(res, 200, serviceProviderConfig(baseOf(res), deps.maxBodyBytes)));
  router.get("/ResourceTypes", (_req, res) => send(res, 200, listOf([userResourceType(baseOf(res))])));
  router.get("/ResourceTypes/User", (_req, res) => send(res, 200, userResourceType(baseOf(res))));
  router.get("/Schemas", (_req, res) => send(res, 200, listOf([userSchema(baseOf(res))])));
  router.get(`/Schemas/${SCIM_SCHEMAS.user}`, (_req, res) => send(res, 200, userSchema(baseOf(res))));

  router.use((_req, _res, next) => next(new ScimProblem(404, "Resource not found.")));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const problem = asProblem(error);
    if (!problem) console.error("SCIM request failed", error);
    if (res.headersSent) return void res.destroy();
    if (!problem) return void res.status(500).type("application/scim+json").send(JSON.stringify({ schemas: [SCIM_SCHEMAS.error], status: "500", detail: "Internal error." }));
    send(res, problem.status, scimErrorBody(problem));
  });
  return router;
}

function handle(work: (req: Request, res: Response, next: NextFunction) => Promise<void> | void) {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => work(req, res, next))
      .catch(next);
  };
}

function send(res: Response, status: number, body: unknown) {
  res.status(status).type("application/scim+json").send(JSON.stringify(body));
}

function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

function bodyOf(req: Request): unknown {
  if (typeof req.body !== "string" || req.body === "") throw new ScimProblem(400, "The request needs a JSON body.", "invalidSyntax");
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new ScimProblem(400, "The body is not valid JSON.", "invalidSyntax");
  }
}

/** Body-parser marks a body over the limit with 413 and other refusals with a 4xx status. */
function asProblem(error: unknown): ScimProblem | null {
  if (error instanceof ScimProblem) return error;
  const status = (error as { status?: unknown }).status;
  if (status === 413) return new ScimProblem(413, "The request body is too large.");
  if (typeof status === "number" && status >= 400 && status < 500) return new ScimProblem(400, "The request could not be read.", "invalidSyntax");
  return null;
}

const listOf = (resources: unknown[]) => ({ schemas: [SCIM_SCHEMAS.listResponse], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources });

function serviceProviderConfig(base: string, maxBodyBytes: number) {
  return {
    schemas: [SCIM_SCHEMAS.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A SCIM token of the organisation, created by its administrator in Regiotafel.", primary: true }],
    maxPayloadSize: maxBodyBytes,
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

function userResourceType(base: string) {
  return {
    schemas: [SCIM_SCHEMAS.resourceType],
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "A Regiotafel account of the organisation",
    schema: SCIM_SCHEMAS.user,
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
  };
}

const attribute = (name: string, type: "string" | "boolean" | "complex", extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

/** The attributes Regiotafel keeps; others are accepted and ignored. */
function userSchema(base: string) {
  return {
    schemas: [SCIM_SCHEMAS.schema],
    id: SCIM_SCHEMAS.user,
    name: "User",
    description: "User Account",
    attributes: [
      attribute("userName", "string", { required: true, uniqueness: "server", description: "The e-mail address the account signs in with." }),
      attribute("name", "complex", { subAttributes: [attribute("formatted", "string"), attribute("givenName", "string"), attribute("familyName", "string")] }),
      attribute("displayName", "string"),
      attribute("active", "boolean"),
      attribute("emails", "complex", { multiValued: true, subAttributes: [attribute("value", "string"), attribute("type", "string", { canonicalValues: ["work"] }), attribute("primary", "boolean")] }),
      attribute("externalId", "string", { caseExact: true }),
    ],
    meta: { resourceType: "Schema", location: `${base}/Schemas/${SCIM_SCHEMAS.user}` },
  };
}
