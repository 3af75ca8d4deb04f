import { describe, expect, it } from "vitest";
import { conflictingFields, keptValues, mergeAfterConflict } from "./edit-merge";

describe("mergeAfterConflict", () => {
  const base = { title: "Wmo", extensionOptions: "", estimatedValue: "100000", participantIds: ["a", "b"] };
  it("keeps what the user changed and takes the other person's change elsewhere", () => {
    const typed = { ...base, extensionOptions: "2 × 3 jaar" };
    const fresh = { ...base, title: "Wmo-begeleiding", participantIds: ["b", "a", "c"] };
    expect(mergeAfterConflict(typed, base, fresh)).toEqual({ title: "Wmo-begeleiding", extensionOptions: "2 × 3 jaar", estimatedValue: "100000", participantIds: ["b", "a", "c"] });
    expect(conflictingFields(typed, base, fresh)).toEqual([]);
  });
  it("lets the user's value win where both changed the same field, and reports it", () => {
    const typed = { ...base, title: "Wmo (mijn titel)", participantIds: ["b", "a"] };
    const fresh = { ...base, title: "Wmo (hun titel)" };
    expect(mergeAfterConflict(typed, base, fresh).title).toBe("Wmo (mijn titel)");
    // The same set in another order is no change.
    expect(mergeAfterConflict(typed, base, { ...fresh, participantIds: ["c"] }).participantIds).toEqual(["c"]);
    expect(conflictingFields(typed, base, fresh)).toEqual(["title"]);
  });
});

describe("keptValues", () => {
  const fields = { title: "Stored", amount: "1.000", participantIds: ["a"] };
  it("takes a refused form's texts; a field Conform left out was sent empty, a single ticked box is a list", () => {
    expect(keptValues({ title: "Typed", participantIds: "b", intent: "lot.update" }, fields)).toEqual({ title: "Typed", amount: "", participantIds: ["b"] });
    expect(keptValues({ participantIds: ["b", "c"], amount: "12.900" }, fields)).toEqual({ title: "", amount: "12.900", participantIds: ["b", "c"] });
  });
  it("keeps the fields as given without a kept answer", () => {
    expect(keptValues(undefined, fields)).toBe(fields);
    expect(keptValues(null, fields)).toBe(fields);
  });
});
