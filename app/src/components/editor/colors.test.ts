import { describe, expect, it } from "vitest";
import { colorFor } from "./colors";

describe("caret colours", () => {
  it("gives the same user the same colour, and spreads users over the palette", () => {
    expect(colorFor("user-a")).toBe(colorFor("user-a"));
    const colours = new Set(Array.from({ length: 40 }, (_, i) => colorFor(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(4);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});
