import { z } from "zod";
import { emailSchema } from "./schemas";

// SCIM 2.0 (RFC 7643, RFC 7644) as Microsoft Entra ID's provisioning speaks it (issue 20 point 5):
// the requests it sends to find, create, update, deactivate and reactivate users, read into
// what Regiotafel keeps of a user (address, name, active, the provider's externalId). Everything
// here is pure: a request is read completely, or refused with a ScimProblem, before anything
// is stored. Attributes Regiotafel does not keep (title, phone numbers, addresses, the
// enterprise extension, …) are accepted and ignored: Entra sends them by default, and refusing
// them would stop its provisioning.

export const SCIM_SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
} as const;

export type ScimErrorType = "invalidFilter" | "invalidSyntax" | "invalidValue" | "invalidPath" | "uniqueness" | "tooMany";
export type ScimStatus = 400 | 401 | 404 | 409 | 413 | 429;

/** A refusal in SCIM's terms (RFC 7644 §3.12): the HTTP status, `scimType` for 400 and 409, a detail. */
export class ScimProblem extends Error {
  constructor(
    readonly status: ScimStatus,
    readonly detail: string,
    readonly scimType?: ScimErrorType,
  ) {
    super(detail);
    this.name = "ScimProblem";
  }
}

const refuse = (scimType: ScimErrorType, detail: string) => new ScimProblem(400, detail, scimType);
export const scimNotFound = () => new ScimProblem(404, "Resource not found.");
/** One answer for an address taken in this organisation or another: nothing more is told. */
export const scimUserNameTaken = () => new ScimProblem(409, "userName is already in use.", "uniqueness");

/** What Regiotafel keeps of a provisioned user. */
export interface ScimUserFields {
  email: string;
  name: string;
  active: boolean;
  externalId: string | null;
}

export const SCIM_NAME_MAX = 200;
export const SCIM_EXTERNAL_ID_MAX = 255;
/** A page of /Users holds at most this many (ServiceProviderConfig says so). */
export const SCIM_MAX_RESULTS = 200;
const TEXT_MAX = 1000;

// ---------------------------------------------------------------- values

/** Entra sends booleans as "True"/"False" strings in PATCH; both forms are read. */
function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw refuse("invalidValue", `${attribute} must be a boolean.`);
}

function scimText(value: unknown, attribute: string): string {
  if (typeof value !== "string" || value.length > TEXT_MAX) throw refuse("invalidValue", `${attribute} must be a string.`);
  return value.trim();
}

function scimEmail(value: unknown, attribute: string): string {
  const parsed = emailSchema.safeParse(scimText(value, attribute));
  if (!parsed.success) throw refuse("invalidValue", `${attribute} must be an e-mail address.`);
  return parsed.data;
}

function scimName(value: string, attribute: string): string {
  const name = value.replace(/\s+/g, " ").trim();
  if (name.length > SCIM_NAME_MAX) throw refuse("invalidValue", `${attribute} is longer than ${SCIM_NAME_MAX} characters.`);
  return name;
}

function scimExternalId(value: unknown): string | null {
  if (value === null) return null;
  const id = scimText(value, "externalId");
  if (id.length > SCIM_EXTERNAL_ID_MAX) throw refuse("invalidValue", `externalId is longer than ${SCIM_EXTERNAL_ID_MAX} characters.`);
  return id === "" ? null : id;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------- attribute paths

const CORE_PREFIX = `${SCIM_SCHEMAS.user.toLowerCase()}:`;
/** attrPath with an optional schema URN, one value filter and one sub-attribute (RFC 7644 §3.5.2). */
const PATH = /^(urn:[a-z0-9.:-]+:)?([a-z][\w$-]*)(\[([^\]]*)\])?(\.([a-z][\w$-]*))?$/i;
const WORK_OR_PRIMARY = /^\s*(type\s+eq\s+"work"|primary\s+eq\s+true)\s*$/i;

/** The attributes Regiotafel keeps; every other well-formed path is accepted and ignored. */
type Target = "active" | "displayName" | "userName" | "externalId" | "name" | "givenName" | "familyName" | "formatted" | "emails" | "email" | null;

function targetOf(path: string): Target {
  const match = PATH.exec(path.trim());
  if (!match || path.length > 500) throw refuse("invalidPath", "The path is not a valid attribute path.");
  const [, urn, attribute, , valueFilter, , sub] = match as unknown as [string, string | undefined, string, string | undefined, string | undefined, string | undefined, string | undefined];
  // Attributes of another schema (the enterprise extension) are not kept.
  if (urn && urn.toLowerCase() !== CORE_PREFIX) return null;
  const attr = attribute.toLowerCase();
  const subAttr = sub?.toLowerCase();
  if (attr === "emails") {
    if (valueFilter === undefined) return subAttr === undefined ? "emails" : subAttr === "value" ? "email" : null;
    return WORK_OR_PRIMARY.test(valueFilter) && subAttr === "value" ? "email" : null;
  }
  if (valueFilter !== undefined) return null;
  if (attr === "name") return subAttr === undefined ? "name" : subAttr === "givenname" ? "givenName" : subAttr === "familyname" ? "familyName" : subAttr === "formatted" ? "formatted" : null;
  if (subAttr !== undefined) return null;
  return attr === "active" ? "active" : attr === "displayname" ? "displayName" : attr === "username" ? "userName" : attr === "externalid" ? "externalId" : null;
}

/** The address among SCIM `emails`: the primary one, else the work one, else the first. */
function pickEmail(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length > 50) throw refuse("invalidValue", "emails must be a list of e-mail addresses.");
  const entries = value.map((entry) => {
    if (!isRecord(entry)) throw refuse("invalidValue", "emails must be a list of e-mail addresses.");
    return entry;
  });
  const primary = entries.find((e) => e.primary === true || (typeof e.primary === "string" && e.primary.toLowerCase() === "true"));
  const chosen = primary ?? entries.find((e) => typeof e.type === "string" && e.type.toLowerCase() === "work") ?? entries[0];
  return chosen === undefined ? undefined : scimEmail(chosen.value, "emails.value");
}

// ---------------------------------------------------------------- PATCH

/** What a PATCH sets, before it is laid over the user as stored (`resolveScimPatch`). */
export interface ScimPatch {
  active?: boolean;
  userName?: string;
  email?: string;
  displayName?: string;
  formatted?: string;
  givenName?: string;
  familyName?: string;
  /** null: removed. */
  externalId?: string | null;
}

const patchSchema = z.object({
  schemas: z.array(z.string()).optional(),
  Operations: z
    .array(z.object({ op: z.string().max(20), path: z.string().max(500).optional(), value: z.unknown().optional() }))
    .min(1)
    .max(100),
});

/** Reads a PATCH body (RFC 7644 §3.5.2; op names in any case, with or without a path). */
export function parseScimPatch(body: unknown): ScimPatch {
  const parsed = patchSchema.safeParse(body);
  if (!parsed.success) throw refuse("invalidSyntax", "The body is not a SCIM PatchOp request.");
  if (parsed.data.schemas && !parsed.data.schemas.includes(SCIM_SCHEMAS.patchOp)) throw refuse("invalidSyntax", "schemas must name the PatchOp message.");
  const patch: ScimPatch = {};
  for (const { op, path, value } of parsed.data.Operations) {
    const kind = op.toLowerCase();
    if (kind !== "add" && kind !== "replace" && kind !== "remove") throw refuse("invalidSyntax", `Unknown operation "${op.slice(0, 20)}".`);
    if (path !== undefined) {
      if (kind === "remove") removeAt(patch, targetOf(path));
      else setAt(patch, targetOf(path), value);
    } else {
      if (kind === "remove") throw refuse("invalidPath", "A remove operation needs a path.");
      if (!isRecord(value)) throw refuse("invalidValue", "An operation without a path needs an object value.");
      for (const [key, inner] of Object.entries(value)) {
        // The core schema's attributes may come as one object under its URN (another schema's are not kept).
        if (key.toLowerCase() === SCIM_SCHEMAS.user.toLowerCase() && isRecord(inner)) {
          for (const [coreKey, coreValue] of Object.entries(inner)) setAt(patch, targetOf(coreKey), coreValue);
        } else setAt(patch, targetOf(key), inner);
      }
    }
  }
  return patch;
}

function setAt(patch: ScimPatch, target: Target, value: unknown): void {
  switch (target) {
    case null:
      return;
    case "active":
      patch.active = scimBoolean(value, "active");
      return;
    case "userName":
      patch.userName = scimEmail(value, "userName");
      return;
    case "email":
      patch.email = scimEmail(value, "emails.value");
      return;
    case "emails": {
      const email = pickEmail(value);
      if (email !== undefined) patch.email = email;
      return;
    }
    case "externalId":
      patch.externalId = scimExternalId(value);
      return;
    case "displayName":
    case "formatted":
    case "givenName":
    case "familyName":
      patch[target] = scimName(scimText(value, target), target);
      return;
    case "name":
      if (!isRecord(value)) throw refuse("invalidValue", "name must be an object.");
      for (const [key, inner] of Object.entries(value)) {
        const sub = key.toLowerCase();
        if (sub === "givenname" || sub === "familyname" || sub === "formatted") setAt(patch, sub === "givenname" ? "givenName" : sub === "familyname" ? "familyName" : "formatted", inner);
      }
      return;
  }
}

/**
 * A removed name part becomes empty; a removed externalId unlinks. The address, the display
 * name and `active` cannot be empty in Regiotafel: their removal is ignored (Entra sends one
 * when the source attribute was cleared; refusing it would stop its provisioning).
 */
function removeAt(patch: ScimPatch, target: Target): void {
  if (target === "externalId") patch.externalId = null;
  else if (target === "givenName" || target === "familyName") patch[target] = "";
}

/**
 * The user after a PATCH. The address: the work (or primary) e-mail when the PATCH sets one,
 * else userName. The name: displayName, else name.formatted, else given and family name; a
 * PATCH with only one of those keeps the other from the stored name, whose first word is read
 * as the given name (Regiotafel keeps one name; "Jan van der Berg" → "Jan" + "van der Berg").
 */
export function resolveScimPatch(current: ScimUserFields, patch: ScimPatch): ScimUserFields {
  return {
    email: patch.email ?? patch.userName ?? current.email,
    name: nonEmpty(patch.displayName) ?? nonEmpty(patch.formatted) ?? composeName(current.name, patch.givenName, patch.familyName),
    active: patch.active ?? current.active,
    externalId: patch.externalId === undefined ? current.externalId : patch.externalId,
  };
}

const nonEmpty = (text: string | undefined) => (text ? text : undefined);

function composeName(current: string, given: string | undefined, family: string | undefined): string {
  if (given === undefined && family === undefined) return current;
  const space = current.indexOf(" ");
  const [currentGiven, currentFamily] = space < 0 ? [current, ""] : [current.slice(0, space), current.slice(space + 1)];
  return scimName(`${given ?? currentGiven} ${family ?? currentFamily}`, "name") || current;
}

// ---------------------------------------------------------------- POST and PUT

const optionalText = z.string().max(TEXT_MAX).nullish();
const userSchema = z.object({
  schemas: z.array(z.string()).optional(),
  userName: z.string().max(TEXT_MAX),
  externalId: z.string().max(TEXT_MAX).nullish(),
  active: z.union([z.boolean(), z.string().max(10)]).nullish(),
  displayName: optionalText,
  name: z.object({ formatted: optionalText, givenName: optionalText, familyName: optionalText }).nullish(),
  emails: z.array(z.unknown()).max(50).nullish(),
});

/**
 * A whole user (POST creates, PUT replaces): userName is required; the address is the primary
 * or work e-mail, else userName; the name as in `resolveScimPatch`, else the address. `active`
 * left out keeps `currentActive` (true for a new user); externalId left out is removed.
 */
export function parseScimUser(body: unknown, currentActive = true): ScimUserFields {
  const parsed = userSchema.safeParse(body);
  if (!parsed.success) throw refuse("invalidSyntax", "The body is not a SCIM User with a userName.");
  const user = parsed.data;
  if (user.schemas && !user.schemas.includes(SCIM_SCHEMAS.user)) throw refuse("invalidSyntax", "schemas must name the core User schema.");
  const userName = scimEmail(user.userName, "userName");
  const email = (user.emails ? pickEmail(user.emails) : undefined) ?? userName;
  const given = user.name?.givenName ? scimName(user.name.givenName, "name.givenName") : "";
  const family = user.name?.familyName ? scimName(user.name.familyName, "name.familyName") : "";
  const name =
    nonEmpty(scimName(user.displayName ?? "", "displayName")) ?? nonEmpty(scimName(user.name?.formatted ?? "", "name.formatted")) ?? nonEmpty(`${given} ${family}`.trim()) ?? email;
  return {
    email,
    name,
    active: user.active === undefined || user.active === null ? currentActive : scimBoolean(user.active, "active"),
    externalId: user.externalId === undefined ? null : scimExternalId(user.externalId),
  };
}

// ---------------------------------------------------------------- filters and pages

/** The filters Entra sends (`userName eq "…"`, `externalId eq "…"`), and `id` and the address. */
export interface ScimFilter {
  attribute: "id" | "userName" | "externalId" | "email";
  value: string;
}

const FILTER = /^\s*([\w.:$-]+(?:\[[^\]]*\])?(?:\.[\w$-]+)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

export function parseScimFilter(text: string): ScimFilter {
  const match = text.length <= 1000 ? FILTER.exec(text) : null;
  if (!match) throw refuse("invalidFilter", 'Only filters of the form attribute eq "value" are supported.');
  let value: unknown;
  try {
    value = JSON.parse(`"${match[2]}"`);
  } catch {
    throw refuse("invalidFilter", "The filter's value is not a valid string.");
  }
  let target: Target;
  try {
    target = targetOf(match[1]!);
  } catch {
    throw refuse("invalidFilter", "The filter's attribute is not a valid attribute path.");
  }
  const attribute = target === "userName" ? "userName" : target === "externalId" ? "externalId" : target === "email" ? "email" : /^(urn:ietf:params:scim:schemas:core:2\.0:user:)?id$/i.test(match[1]!) ? "id" : null;
  if (!attribute) throw refuse("invalidFilter", "Filtering is supported on id, userName, externalId and emails.value only.");
  return { attribute, value: value as string };
}

export interface ScimListQuery {
  filter: ScimFilter | null;
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
}

/** `filter`, `startIndex` and `count` of GET /Users; a startIndex below 1 is 1, a count above the maximum is the maximum. */
export function parseScimListQuery(query: Record<string, unknown>): ScimListQuery {
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw refuse("invalidValue", `${name} must be given once.`);
    return value;
  };
  const integer = (name: string, fallback: number): number => {
    const text = single(name);
    if (text === undefined || text === "") return fallback;
    if (!/^-?\d{1,9}$/.test(text.trim())) throw refuse("invalidValue", `${name} must be an integer.`);
    return Number(text);
  };
  const filter = single("filter");
  return {
    filter: filter === undefined || filter.trim() === "" ? null : parseScimFilter(filter),
    startIndex: Math.max(1, integer("startIndex", 1)),
    count: Math.min(SCIM_MAX_RESULTS, Math.max(0, integer("count", 100))),
  };
}

// ---------------------------------------------------------------- representation

export interface ScimUserRecord {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  deactivatedAt: Date | null;
  externalId: string | null;
}

/** A user as SCIM shows it; `baseUrl` ends in /scim/v2. */
export function scimUserResource(user: ScimUserRecord, baseUrl: string) {
  return {
    schemas: [SCIM_SCHEMAS.user],
    id: user.id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.email,
    name: { formatted: user.name },
    displayName: user.name,
    emails: [{ value: user.email, type: "work", primary: true }],
    active: user.deactivatedAt === null,
    meta: { resourceType: "User", created: user.createdAt.toISOString(), location: `${baseUrl}/Users/${user.id}` },
  };
}

export function scimErrorBody(problem: ScimProblem) {
  return { schemas: [SCIM_SCHEMAS.error], status: String(problem.status), ...(problem.scimType ? { scimType: problem.scimType } : {}), detail: problem.detail };
}
