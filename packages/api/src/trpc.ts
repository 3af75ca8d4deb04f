import { initTRPC, TRPCError } from "@trpc/server";
import { ALLOWED_BEFORE_ENROLMENT, describeError, DomainError, hasAtLeast, platformOperations, slugSchema, type Operation, type PlatformStanding, type Role } from "@regiotafel/domain";
import { platformStanding, resolveScope, resolveSteward } from "@regiotafel/db";
import { z } from "zod";
import type { Context } from "./context";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const { code, httpStatus, messageKey, message, fieldErrors } = describeError(error, ctx?.locale ?? "nl");
    return { ...shape, message, data: { code, httpStatus, path: shape.data.path, messageKey, fieldErrors } };
  },
});

/** Turns business-rule refusals from the services into the matching tRPC error. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  // A DomainError thrown by a service arrives wrapped as INTERNAL_SERVER_ERROR; a TRPCError
  // that already carries one as its cause keeps its own code.
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.messageKey, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Tier 1: anyone. */
export const publicProcedure = t.procedure.use(domainErrors);

/** Tier 2: a signed-in user. */
export const authedProcedure = publicProcedure.use(({ ctx, next, path }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "auth.required" });
  // A platform administrator without a second factor enrols before anything else (issue 20).
  if (ctx.user.mustEnrolSecondFactor && !ALLOWED_BEFORE_ENROLMENT.includes(path)) throw enrolmentRequired();
  return next({ ctx: { ...ctx, user: ctx.user } });
});

const enrolmentRequired = () =>
  new TRPCError({ code: "FORBIDDEN", message: "secondFactor.enrolmentRequired", cause: new DomainError("FORBIDDEN", "secondFactor.enrolmentRequired") });

/**
 * Tier 3: a member of the workspace named in the input, with at least `minimum` role.
 * Not a member (or no such workspace) answers NOT_FOUND; too low a role answers FORBIDDEN.
 */
export function memberProcedure(minimum: Role) {
  return authedProcedure.input(z.object({ workspace: slugSchema })).use(async ({ ctx, input, next, type }) => {
    const scope = await resolveScope(ctx.prisma, ctx.user.id, input.workspace);
    if (!hasAtLeast(scope.role, minimum)) throw new TRPCError({ code: "FORBIDDEN", message: "forbidden" });
    // An archived workspace is read-only for everyone (ADR 0022): one check for every mutation.
    if (type === "mutation" && scope.archived) throw archived();
    return next({ ctx: { ...ctx, scope } });
  });
}

const archived = () => new TRPCError({ code: "FORBIDDEN", message: "workspace.archived", cause: new DomainError("FORBIDDEN", "workspace.archived") });

/**
 * A workspace's stewards (ADR 0022): its admins and platform administrators, member or not.
 * Anyone else who is no member: NOT_FOUND; a member below admin: FORBIDDEN. It reads the
 * workspace's name, state and regions, never its content; the services refuse changes to an
 * archived workspace's regions themselves (archiving and deleting it stay possible).
 */
export const stewardProcedure = authedProcedure
  .input(z.object({ workspace: slugSchema }))
  .use(async ({ ctx, input, next }) => next({ ctx: { ...ctx, steward: await resolveSteward(ctx.prisma, ctx.user.id, input.workspace) } }));

/** The procedure of a stewards' operation (role null): the steward tier, then the contract's input. */
export function stewardOperationProcedure<Input extends z.ZodType<Record<string, unknown>, unknown>>(operation: { role: null; input: Input }) {
  return stewardProcedure.input<Input>(operation.input as never);
}

/**
 * The procedure of an operation contract: its input, and the contract's role checked here
 * (the rest of its rule is the service's, against the record it loads).
 */
export function operationProcedure<Input extends z.ZodType<Record<string, unknown>, unknown>>(operation: { role: Role; input: Input }) {
  // tRPC checks that an input parser yields an object with a conditional type it cannot
  // evaluate for a generic parser; the constraint on Input states the same.
  return memberProcedure(operation.role).input<Input>(operation.input as never);
}

/** The procedure of an operation outside a workspace (role null): any signed-in user, the contract's input. */
export function userOperationProcedure<Input extends z.ZodType<Record<string, unknown>, unknown>>(operation: Pick<Operation<Input, unknown, unknown>, "input"> & { role: null }) {
  return authedProcedure.input<Input>(operation.input as never);
}

/**
 * Tier 2b: a platform administrator (ADR 0021), outside every workspace. Anyone else signed in
 * is FORBIDDEN ("forbidden", nothing more); anonymous UNAUTHORIZED. It gives no workspace
 * role: workspace procedures still answer NOT_FOUND to a platform administrator who is no member.
 */
function platformTier(rule: (user: unknown, standing: PlatformStanding) => string | null) {
  return authedProcedure.use(async ({ ctx, next }) => {
    const platform = await platformStanding(ctx.prisma, ctx.user.id);
    const refusal = rule(ctx.user, platform);
    if (refusal !== null) throw new TRPCError({ code: "FORBIDDEN", message: refusal, cause: new DomainError("FORBIDDEN", refusal) });
    return next({ ctx: { ...ctx, platform } });
  });
}

/** Platform administrators only, for queries without input. */
export const platformProcedure = platformTier(platformOperations.platformAdminsOnly);

/**
 * The procedure of a platform operation (role null, its rule over the user's platform
 * standing; without a rule, platform administrators only): the rule is checked before the
 * input is read, then the contract's input.
 */
export function platformOperationProcedure<Input extends z.ZodType<Record<string, unknown>, unknown>>(
  operation: Pick<Operation<Input, PlatformStanding, unknown>, "input" | "rule"> & { role: null },
) {
  return platformTier(operation.rule ?? platformOperations.platformAdminsOnly).input<Input>(operation.input as never);
}

/** The workspace slug routed the call; the services get the operation's other fields. */
export function withoutWorkspace<T extends { workspace: string }>(input: T): Omit<T, "workspace"> {
  const { workspace: _workspace, ...rest } = input;
  return rest;
}
