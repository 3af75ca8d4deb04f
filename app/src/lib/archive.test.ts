import { describe, expect, it } from "vitest";
import { countZipEntries, formatSize } from "./archive";

const SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

describe("counting a ZIP's files as it arrives", () => {
  it("counts each local file header once, wherever the bytes are split into chunks (every pair of cut points)", () => {
    // Three headers, one right after another, among filler that holds "P" and "PK" but no header.
    const bytes = Uint8Array.from([...SIGNATURE, 1, 0x50, 0x4b, 2, ...SIGNATURE, ...SIGNATURE, 0x50, 3]);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const counter = countZipEntries();
        counter(bytes.slice(0, a));
        counter(bytes.slice(a, b));
        expect(counter(bytes.slice(b)), `${a}/${b}`).toBe(3);
      }
    }
  });
});

describe("sizes", () => {
  it("reads as bytes, kB or MB", () => {
    expect(formatSize(900)).toBe("900 B");
    expect(formatSize(1536)).toBe("1.5 kB");
    expect(formatSize(5 * 1024 * 1024)).toBe("5.0 MB");
  });
});
