import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_ARGS } from "./launch";

describe("launch arguments", () => {
  it("are the ones pnpm start uses", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_ARGS.join(" ")}`);
  });
});
