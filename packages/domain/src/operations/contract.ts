import type { z } from "zod";
import { DomainError } from "../errors";
import type { RecordMember } from "../procurement/permissions";
import { hasAtLeast, type Role } from "../roles";

/**
 * One operation (a mutation, or a query that takes input), defined once: its input, who may
 * run it, and the message key of every refusal. The tRPC procedure checks `role` (derived:
 * packages/api `operationProcedure`), the service checks `rule` against the record it loaded
 * (`assertPermitted`), forms parse with `input` (it reads typed text, see form-input.ts), and
 * pages show only what `permits` allows. Nothing else states these rules. ADR 0017.
 */
export interface Operation<Input extends z.ZodType = z.ZodType, Target = never> {
  /** The procedure's path, e.g. "lot.update". */
  name: string;
  /** The operation's fields (the workspace slug that routes the call is not part of it). */
  input: Input;
  /** The lowest workspace role that may run it at all; a lower role is refused "forbidden" before anything is read. */
  role: Role;
  /**
   * What else must hold, given the record the operation changes: the refusal's message key
   * (a key of messages.ts), or null when the member may. Members below `role` never get here.
   */
  rule?: (member: RecordMember, target: Target) => string | null;
  /** Every message key `rule` can return: tests check each exists in every language. */
  refusals: readonly string[];
}

export function defineOperation<Input extends z.ZodType, Target = never>(operation: Operation<Input, Target>): Operation<Input, Target> {
  return operation;
}

/** The refusal's message key for `member` on `target`, or null when the member may run the operation. */
export function refusalOf<Target>(operation: Operation<z.ZodType, Target>, member: RecordMember, target: Target): string | null {
  if (!hasAtLeast(member.role, operation.role)) return "forbidden";
  return operation.rule?.(member, target) ?? null;
}

/** Whether the member's role may run the operation at all (for an operation without a rule, that is all there is). */
export function hasRole(operation: Pick<Operation, "role">, member: Pick<RecordMember, "role">): boolean {
  return hasAtLeast(member.role, operation.role);
}

/** Whether `member` may run the operation on `target`: what pages use to show an action or not. */
export function permits<Target>(operation: Operation<z.ZodType, Target>, member: RecordMember, target: Target): boolean {
  return refusalOf(operation, member, target) === null;
}

/**
 * The service's guard, once the target is loaded. The procedure already checked the role, so
 * only the rule runs here (refusalOf is for callers that did not).
 */
export function assertPermitted<Target>(operation: Operation<z.ZodType, Target>, member: RecordMember, target: Target, field?: string): void {
  const refusal = operation.rule?.(member, target) ?? null;
  if (refusal !== null) throw new DomainError("FORBIDDEN", refusal, undefined, field);
}
