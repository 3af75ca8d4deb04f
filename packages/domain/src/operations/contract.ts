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
export interface Operation<Input extends z.ZodType = z.ZodType, Target = never, Member = RecordMember> {
  /** The procedure's path, e.g. "lot.update". */
  name: string;
  /** The operation's fields (the workspace slug that routes the call is not part of it). */
  input: Input;
  /**
   * The lowest workspace role that may run it at all; a lower role is refused "forbidden" before
   * anything is read. Null: the operation is not in a workspace (the account, a learning
   * network's library); any signed-in user reaches its rule.
   */
  role: Role | null;
  /**
   * What else must hold, given the record the operation changes: the refusal's message key
   * (a key of messages.ts), or null when the member may. Members below `role` never get here.
   */
  rule?: (member: Member, target: Target) => string | null;
  /** Every message key the operation can refuse with (its rule's and its service's): tests check each exists in every language. */
  refusals: readonly string[];
  /** Fields never sent back to the browser with a refusal (passwords): the user types them again. */
  secret?: readonly string[];
}

/** An operation in a workspace: the procedure tier checks its role. */
export type WorkspaceOperation<Input extends z.ZodType = z.ZodType, Target = never, Member = RecordMember> = Operation<Input, Target, Member> & { role: Role };

/** Keeps the literal role: `role: null` gives an operation outside a workspace, a role one the procedure tier checks. */
export function defineOperation<Input extends z.ZodType, Target = never, Member = RecordMember, R extends Role | null = Role>(
  operation: Operation<Input, Target, Member> & { role: R },
): Operation<Input, Target, Member> & { role: R } {
  return operation;
}

/** Who runs an operation: in a workspace a member with a role; outside one, anyone signed in. */
type Runner<Member> = Member & { role?: Role };

function roleRefusal(operation: Pick<Operation, "role">, member: { role?: Role }): string | null {
  if (operation.role === null) return null;
  return member.role !== undefined && hasAtLeast(member.role, operation.role) ? null : "forbidden";
}

/** The refusal's message key for `member` on `target`, or null when the member may run the operation. */
export function refusalOf<Target, Member>(operation: Operation<z.ZodType, Target, Member>, member: Runner<Member>, target: Target): string | null {
  return roleRefusal(operation, member) ?? operation.rule?.(member, target) ?? null;
}

/** Whether the member's role may run the operation at all (for an operation without a rule, that is all there is). */
export function hasRole(operation: Pick<Operation, "role">, member: { role?: Role }): boolean {
  return roleRefusal(operation, member) === null;
}

/** Whether `member` may run the operation on `target`: what pages use to show an action or not. */
export function permits<Target, Member>(operation: Operation<z.ZodType, Target, Member>, member: Runner<Member>, target: Target): boolean {
  return refusalOf(operation, member, target) === null;
}

/**
 * The service's guard, once the target is loaded. The procedure already checked the role, so
 * only the rule runs here (refusalOf is for callers that did not).
 */
export function assertPermitted<Target, Member>(operation: Operation<z.ZodType, Target, Member>, member: Member, target: Target, field?: string): void {
  const refusal = operation.rule?.(member, target) ?? null;
  if (refusal !== null) throw new DomainError("FORBIDDEN", refusal, undefined, field);
}
