import { describe, expect, it } from "vitest";
import { applyMembershipChange, hasAtLeast, roleRank } from "./index";

describe("roles", () => {
  it("orders viewer < editor < coordinator < admin", () => {
    expect(roleRank("VIEWER")).toBeLessThan(roleRank("EDITOR"));
    expect(roleRank("EDITOR")).toBeLessThan(roleRank("COORDINATOR"));
    expect(roleRank("COORDINATOR")).toBeLessThan(roleRank("ADMIN"));
  });

  it("grants a minimum role to that role and every higher one only", () => {
    expect(hasAtLeast("EDITOR", "EDITOR")).toBe(true);
    expect(hasAtLeast("ADMIN", "EDITOR")).toBe(true);
    expect(hasAtLeast("VIEWER", "EDITOR")).toBe(false);
    expect(hasAtLeast("COORDINATOR", "ADMIN")).toBe(false);
  });
});

describe("membership changes", () => {
  const members = [
    { userId: "a", role: "ADMIN" as const },
    { userId: "b", role: "EDITOR" as const },
  ];

  it("refuses to remove or demote the last admin", () => {
    expect(applyMembershipChange(members, { kind: "remove", userId: "a" })).toBe("LAST_ADMIN");
    expect(applyMembershipChange(members, { kind: "changeRole", userId: "a", role: "VIEWER" })).toBe("LAST_ADMIN");
  });

  it("allows demoting an admin once another admin exists", () => {
    const two = [...members, { userId: "c", role: "ADMIN" as const }];
    const after = applyMembershipChange(two, { kind: "changeRole", userId: "a", role: "VIEWER" });
    expect(after).toContainEqual({ userId: "a", role: "VIEWER" });
  });

  it("removes a non-admin member", () => {
    expect(applyMembershipChange(members, { kind: "remove", userId: "b" })).toEqual([{ userId: "a", role: "ADMIN" }]);
  });
});
