import { describe, expect, it } from "vitest";
import { recordOperations as rec, type ErrorDescription } from "@regiotafel/domain";
import {
  filterDecisions,
  formatDay,
  formatDocumentLines,
  formatMemberLines,
  lineMessages,
  listFieldErrors,
  nvoProgress,
  parseDocumentLines,
  parseMemberLines,
  postedValues,
  readDecisionFilter,
  readingLines,
  WHOLE_WORKSPACE,
} from "./governance";
import { submitForm } from "./submission.server";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const nl = { locale: "nl" as const };
const never = () => Promise.reject(new Error("the API must not be called"));
const linePrefix = (line: number) => `Regel ${line}:`;

describe("member lines", () => {
  it("reads name, role and organisation separated by semicolons, one member per line", () => {
    expect(parseMemberLines("Anna de Vries; voorzitter; Gemeente Weert\nPiet Jansen;secretaris;Leudal")).toEqual([
      { name: "Anna de Vries", role: "voorzitter", organisation: "Gemeente Weert" },
      { name: "Piet Jansen", role: "secretaris", organisation: "Leudal" },
    ]);
  });

  it("leaves out role and organisation when they are not typed, and skips empty lines", () => {
    expect(parseMemberLines("\n  Anna  \n\r\nPiet; lid\n   ")).toEqual([
      { name: "Anna", role: "", organisation: "" },
      { name: "Piet", role: "lid", organisation: "" },
    ]);
  });

  it("keeps a semicolon after the organisation as part of it, and an empty name as empty", () => {
    expect(parseMemberLines("Anna; lid; Weert; Nederweert\n; voorzitter")).toEqual([
      { name: "Anna", role: "lid", organisation: "Weert; Nederweert" },
      { name: "", role: "voorzitter", organisation: "" },
    ]);
  });

  it("formats members back without trailing empty parts, and parsing the result gives the same members", () => {
    const members = [
      { name: "Anna", role: "voorzitter", organisation: "Weert" },
      { name: "Piet", role: "", organisation: "" },
      { name: "Kees", role: "", organisation: "Leudal" },
    ];
    const text = formatMemberLines(members);
    expect(text).toBe("Anna; voorzitter; Weert\nPiet\nKees; ; Leudal");
    expect(parseMemberLines(text)).toEqual(members);
    expect(formatMemberLines([])).toBe("");
  });
});

describe("document lines", () => {
  it("reads 'titel | url', splitting at the last bar", () => {
    expect(parseDocumentLines("Raadsvoorstel | https://example.nl/rv.pdf\nBijlage A | B | http://example.nl/b")).toEqual([
      { title: "Raadsvoorstel", url: "https://example.nl/rv.pdf" },
      { title: "Bijlage A | B", url: "http://example.nl/b" },
    ]);
  });

  it("takes a line without a bar as a title, or as title and address when it is a web address", () => {
    expect(parseDocumentLines("Notulen 3 juli\n\nhttps://example.nl/notulen.pdf")).toEqual([
      { title: "Notulen 3 juli", url: "" },
      { title: "https://example.nl/notulen.pdf", url: "https://example.nl/notulen.pdf" },
    ]);
  });

  it("passes what the user typed on, so the server can refuse a bad address or an empty title", () => {
    expect(parseDocumentLines(" | https://example.nl\nTitel | geen-adres")).toEqual([
      { title: "", url: "https://example.nl" },
      { title: "Titel", url: "geen-adres" },
    ]);
  });

  it("formats documents back, and parsing the result gives the same documents", () => {
    const documents = [
      { title: "Raadsvoorstel", url: "https://example.nl/rv.pdf" },
      { title: "Notulen", url: "" },
    ];
    const text = formatDocumentLines(documents);
    expect(text).toBe("Raadsvoorstel | https://example.nl/rv.pdf\nNotulen");
    expect(parseDocumentLines(text)).toEqual(documents);
  });

  it("keeps a title with a bar but no address intact when formatted and read back", () => {
    const documents = [{ title: "Bijlage A | B", url: "" }];
    expect(parseDocumentLines(formatDocumentLines(documents))).toEqual(documents);
  });
});

describe("formatDay", () => {
  it("writes a calendar date out in the user's language, without shifting it by time zone", () => {
    expect(formatDay("2018-07-03", "nl")).toBe("3 juli 2018");
    expect(formatDay("2018-07-03", "en")).toBe("3 July 2018");
    expect(formatDay("2021-12-31", "nl")).toBe("31 december 2021");
  });

  it("shows something that is not a date as it is", () => {
    expect(formatDay("onbekend", "nl")).toBe("onbekend");
  });
});

describe("listFieldErrors", () => {
  const refused = (fieldErrors: Record<string, string[]>): ErrorDescription => ({
    code: "BAD_REQUEST",
    httpStatus: 400,
    messageKey: "input.invalid",
    message: "Deze invoer is ongeldig.",
    fieldErrors,
  });
  const prefix = (line: number) => `Regel ${line}:`;

  it("collects item messages under the text box, with the line they are on (empty lines counted)", () => {
    const typed = "Anna; lid\n\n; voorzitter\nPiet; ; x";
    const result = listFieldErrors(refused({ "members.1.name": ["Vul dit veld in."], "members.2.organisation": ["Te lang."], name: ["Vul dit veld in."] }), "members", typed, prefix);
    expect(result?.fieldErrors).toEqual({ members: ["Regel 3: Vul dit veld in.", "Regel 4: Te lang."], name: ["Vul dit veld in."] });
  });

  it("keeps a message about the list as a whole under the field, without a line", () => {
    const result = listFieldErrors(refused({ "documents.60": ["Te veel."], documents: ["Te veel documenten."] }), "documents", "a", prefix);
    expect(result?.fieldErrors).toEqual({ documents: ["Te veel.", "Te veel documenten."] });
  });

  it("leaves errors without field messages alone", () => {
    const conflict: ErrorDescription = { code: "CONFLICT", httpStatus: 409, messageKey: "conflict.stale", message: "Gewijzigd." };
    expect(listFieldErrors(conflict, "members", "", prefix)).toBe(conflict);
    expect(listFieldErrors(undefined, "members", "", prefix)).toBeUndefined();
  });

  it("does not mistake a field that only starts with the same name", () => {
    const result = listFieldErrors(refused({ "membersCount.0": ["x"] }), "members", "a", prefix);
    expect(result?.fieldErrors).toEqual({ "membersCount.0": ["x"] });
  });
});

describe("readingLines: a body's members and a decision's documents, typed one per line", () => {
  const bodyForm = readingLines(rec.addGovernanceBody, "members", parseMemberLines);
  const decisionForm = readingLines(rec.addDecision, "documents", parseDocumentLines);

  it("reads the text box with the contract's schema and passes the items on as a list", async () => {
    const calls: unknown[] = [];
    const posted = form([["kind", "STUURGROEP"], ["name", "Stuurgroep Jeugd"], ["modelId", id(1)], ["members", "Anna; voorzitter; Weert\n\nPiet"]]);
    const result = await submitForm(nl, bodyForm, posted, { workspace: "limburg" }, async (input) => calls.push(input));
    expect(result.ok).toBe(true);
    expect(calls).toEqual([
      {
        workspace: "limburg",
        modelId: id(1),
        kind: "STUURGROEP",
        name: "Stuurgroep Jeugd",
        members: [
          { name: "Anna", role: "voorzitter", organisation: "Weert" },
          { name: "Piet", role: "", organisation: "" },
        ],
      },
    ]);
  });

  it("refuses an item on its line: the message next to the text box with the line it is on, the typed text kept, the API not called", async () => {
    const typed = "Anna; lid\n\n; voorzitter";
    const posted = form([["kind", "STUURGROEP"], ["name", ""], ["modelId", id(1)], ["members", typed]]);
    const result = await submitForm(nl, bodyForm, posted, { workspace: "limburg" }, never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Conform leaves the empty name out of what it keeps: the form shows it empty.
    expect(result.reply.initialValue).toEqual({ kind: "STUURGROEP", modelId: id(1), members: typed });
    expect(result.reply.error?.name).toEqual(["Vul dit veld in."]);
    expect(lineMessages(result.reply.error ?? {}, "members", typed, linePrefix)).toEqual(["Regel 3: Vul dit veld in."]);
  });

  it("refuses a document's web address on its line, and the page's workspace wins over a posted one", async () => {
    const typed = "Verslag | https://weert.nl/verslag\nBijlage | ftp://weert.nl/bijlage";
    const posted = form([["date", "2024-03-01"], ["title", "Besluit"], ["decision", "Akkoord"], ["regionId", ""], ["bodyId", ""], ["documents", typed], ["workspace", "tiel"]]);
    const refused = await submitForm(nl, decisionForm, posted, { workspace: "limburg" }, never);
    expect(!refused.ok && lineMessages(refused.reply.error ?? {}, "documents", typed, linePrefix)).toEqual([expect.stringMatching(/^Regel 2: \S/)]);
    const calls: unknown[] = [];
    posted.set("documents", "Verslag | https://weert.nl/verslag");
    await submitForm(nl, decisionForm, posted, { workspace: "limburg" }, async (input) => calls.push(input));
    expect(calls).toMatchObject([{ workspace: "limburg", regionId: null, bodyId: null, documents: [{ title: "Verslag", url: "https://weert.nl/verslag" }] }]);
  });

  it("leaves a post without the text box to the schema (its default: no items)", async () => {
    const calls: unknown[] = [];
    await submitForm(nl, bodyForm, form([["kind", "AMBTELIJKE_REGIEGROEP"], ["name", "Regiegroep"], ["modelId", id(1)]]), { workspace: "limburg" }, async (input) => calls.push(input));
    expect(calls).toMatchObject([{ members: [] }]);
  });
});

describe("lineMessages", () => {
  it("prefixes each item's message with the line it is on (empty lines counted), once per line", () => {
    const typed = "Anna; lid\n\n; voorzitter\nPiet; ; x";
    const errors = { "members[1].name": ["Vul dit veld in."], "members[2].organisation": ["Te lang.", "Te lang."], name: ["Vul dit veld in."] };
    expect(lineMessages(errors, "members", typed, linePrefix)).toEqual(["Regel 3: Vul dit veld in.", "Regel 4: Te lang."]);
  });

  it("keeps a message about the list as a whole without a line, and does not repeat an item's message placed on the list", () => {
    const errors = { documents: ["Te veel documenten.", "Ongeldig webadres."], "documents[0].url": ["Ongeldig webadres."], "documents[60]": ["Te veel."] };
    expect(lineMessages(errors, "documents", "a", linePrefix)).toEqual(["Te veel documenten.", "Regel 1: Ongeldig webadres.", "Te veel."]);
  });

  it("gives nothing when the list has no messages, and does not mistake a field that only starts with the same name", () => {
    expect(lineMessages({}, "members", "", linePrefix)).toBeUndefined();
    expect(lineMessages({ "membersCount[0]": ["x"], name: ["y"] }, "members", "a", linePrefix)).toBeUndefined();
  });
});

describe("postedValues", () => {
  it("takes what a remove form posted under the create operation's field names: a text as text, several values as a list", () => {
    const posted = form([
      ["intent", "remove"],
      ["formKey", "remove:1"],
      ["segmentId", id(1)],
      ["name", "Jeugdzorg Plus"],
      ["domain", "JEUGD"],
      ["budgetSplit", ""],
      ["regionIds", id(2)],
      ["regionIds", id(3)],
      ["tenderIds", id(4)],
    ]);
    expect(postedValues(posted, rec.createSegment)).toEqual({ name: "Jeugdzorg Plus", domain: "JEUGD", budgetSplit: "", regionIds: [id(2), id(3)], tenderIds: id(4) });
  });

  it("undoes a decision with the add operation's fields, the unit included", () => {
    const posted = form([["decisionId", id(9)], ["regionId", id(2)], ["date", "2024-03-01"], ["bodyId", ""], ["title", "Besluit"], ["decision", "Akkoord"], ["documents", "Verslag"]]);
    expect(postedValues(posted, rec.addDecision)).toEqual({ regionId: id(2), date: "2024-03-01", bodyId: "", title: "Besluit", decision: "Akkoord", documents: "Verslag" });
  });
});

describe("nvoProgress", () => {
  const checks = (...statuses: string[]) => statuses.map((status) => ({ status }));

  it("counts each status, and leaves 'niet van toepassing' out of what applies", () => {
    expect(nvoProgress(checks("DONE", "DONE", "DONE", "IN_PROGRESS", "NOT_STARTED", "NOT_STARTED", "NOT_APPLICABLE", "DONE"))).toEqual({
      done: 4,
      inProgress: 1,
      notStarted: 2,
      notApplicable: 1,
      applicable: 7,
      total: 8,
    });
  });

  it("starts at nothing done", () => {
    expect(nvoProgress(checks(...Array<string>(8).fill("NOT_STARTED")))).toMatchObject({ done: 0, applicable: 8, total: 8 });
    expect(nvoProgress([])).toMatchObject({ done: 0, applicable: 0, total: 0 });
  });
});

describe("decision log filter", () => {
  const decisions = [
    { id: "a", regionId: "west", bodyId: "sg", date: "2021-03-01" },
    { id: "b", regionId: null, bodyId: null, date: "2022-01-15" },
    { id: "c", regionId: "west", bodyId: "arg", date: "2021-03-01" },
    { id: "d", regionId: "noord", bodyId: "db", date: "2020-12-31" },
    { id: "e", regionId: "west", bodyId: "sg", date: "2021-11-20" },
  ];
  const ids = (list: { id: string }[]) => list.map((d) => d.id);

  it("shows everything newest first, equal dates in their given order", () => {
    expect(ids(filterDecisions(decisions, { region: "", body: "" }))).toEqual(["b", "e", "a", "c", "d"]);
  });

  it("filters by region, by the whole workspace, and by body", () => {
    expect(ids(filterDecisions(decisions, { region: "west", body: "" }))).toEqual(["e", "a", "c"]);
    expect(ids(filterDecisions(decisions, { region: WHOLE_WORKSPACE, body: "" }))).toEqual(["b"]);
    expect(ids(filterDecisions(decisions, { region: "", body: "sg" }))).toEqual(["e", "a"]);
    expect(ids(filterDecisions(decisions, { region: "noord", body: "sg" }))).toEqual([]);
  });

  it("does not change the list it was given", () => {
    const copy = decisions.map((d) => ({ ...d }));
    filterDecisions(decisions, { region: "", body: "" });
    expect(decisions).toEqual(copy);
  });

  it("reads the filter from the query string and drops unknown regions and bodies", () => {
    expect(readDecisionFilter(new URLSearchParams("regio=west&orgaan=sg"), ["west", "noord"], ["sg"])).toEqual({ region: "west", body: "sg" });
    expect(readDecisionFilter(new URLSearchParams(`regio=${WHOLE_WORKSPACE}`), [], [])).toEqual({ region: WHOLE_WORKSPACE, body: "" });
    expect(readDecisionFilter(new URLSearchParams("regio=elders&orgaan=x"), ["west"], ["sg"])).toEqual({ region: "", body: "" });
    expect(readDecisionFilter(new URLSearchParams(""), ["west"], ["sg"])).toEqual({ region: "", body: "" });
  });
});
