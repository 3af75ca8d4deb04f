import { describe, expect, it } from "vitest";
import { countByRole } from "./roles";

describe("countByRole", () => {
  it("counts members per role, highest role first, without empty roles", () => {
    const members = [{ role: "EDITOR" }, { role: "ADMIN" }, { role: "EDITOR" }, { role: "VIEWER" }] as const;
    expect(countByRole(members)).toEqual([
      { role: "ADMIN", count: 1 },
      { role: "EDITOR", count: 2 },
      { role: "VIEWER", count: 1 },
    ]);
    expect(countByRole([])).toEqual([]);
  });
});
