import { describe, expect, it } from "vitest";
import { conflictingFields, mergeAfterConflict, pickValues } from "./edit-merge";

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

describe("pickValues", () => {
  it("takes a form's own fields from everything an action echoed, and keeps the others", () => {
    const sent = { intent: "updateBody", name: "Stuurgroep", members: "Anna", kind: "" };
    expect(pickValues(sent, { name: "", kind: "STUURGROEP", members: "", extra: ["a"] })).toEqual({ name: "Stuurgroep", kind: "", members: "Anna", extra: ["a"] });
  });
});
