import { describe, expect, it } from "vitest";
import {
  accountOperations,
  archiveOperations,
  assessmentOperations,
  commentOperations,
  calendarOperations,
  directoryOperations,
  documentOperations,
  invitationOperations,
  libraryOperations,
  notificationPreferenceOperations,
  platformOperations,
  recordOperations,
  secondFactorOperations,
  signInOperations,
  tenderOperations,
  workspaceLifecycleOperations,
  workspaceOperations,
  type Operation,
} from "@regiotafel/domain";
import { routerProcedures } from "./fuzz-support";

// Every procedure that takes input is an operation contract's (ADR 0017): its input is the
// contract's schema, its path the contract's name. A procedure added without one fails here.

const contracts = [
  accountOperations,
  archiveOperations,
  assessmentOperations,
  commentOperations,
  calendarOperations,
  directoryOperations,
  documentOperations,
  invitationOperations,
  libraryOperations,
  notificationPreferenceOperations,
  platformOperations,
  recordOperations,
  secondFactorOperations,
  signInOperations,
  tenderOperations,
  workspaceOperations,
  workspaceLifecycleOperations,
]
  .flatMap((module) => Object.values(module))
  .filter((value) => typeof value === "object" && value !== null && "refusals" in value) as Operation[];
const byName = new Map(contracts.map((c) => [c.name, c]));

/** The schema that routes a call to a workspace (memberProcedure's own input), not an operation's. */
const isWorkspaceRoute = (schema: unknown) => {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && Object.keys(shape).length === 1 && "workspace" in shape;
};

describe("operation contracts in the router", () => {
  const withInput = routerProcedures().filter((p) => p.inputs.some((schema) => !isWorkspaceRoute(schema)));

  it("every procedure that takes input parses it with its contract's schema", () => {
    const without = withInput.filter((p) => !byName.has(p.path)).map((p) => p.path);
    expect(without).toEqual([]);
    expect(withInput).toHaveLength(contracts.length);
    for (const p of withInput) expect(p.inputs, p.path).toContain(byName.get(p.path)!.input);
  });

  it("every contract is served by the procedure of its name", () => {
    const paths = new Set(routerProcedures().map((p) => p.path));
    expect(contracts.map((c) => c.name).filter((name) => !paths.has(name))).toEqual([]);
  });
});
