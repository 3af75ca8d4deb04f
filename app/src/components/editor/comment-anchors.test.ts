import { getSchema } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment, updateYFragment } from "@tiptap/y-tiptap";
import fc from "fast-check";
import { commentAnchorSchema } from "@regiotafel/domain";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { NestedHeading } from "./headings";
import {
  anchorFromSelection,
  base64ToBytes,
  decodeRelativePosition,
  findQuote,
  locateAnchor,
  quoteOf,
  resolveAnchor,
  type AnchorBinding,
  type CommentAnchor,
} from "./comment-anchors";

const schema = getSchema([StarterKit.configure({ undoRedo: false, heading: false }), NestedHeading]);

const SENTENCE = "Weert doet mee aan perceel S2b.";
const START = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Strategie" }] },
    { type: "paragraph", content: [{ type: "text", text: `Inleiding van de regio. ${SENTENCE} Daarna volgt de planning.` }] },
    { type: "paragraph", content: [{ type: "text", text: "Tweede alinea." }] },
  ],
};

/**
 * One client as the editor runs it, without a browser: a Y.Doc, the ProseMirror document y-tiptap
 * builds from it (with the binding's mapping), and local edits as ProseMirror transactions that
 * y-tiptap's own `updateYFragment` writes into Yjs (what the sync plugin does after each edit).
 */
class Client {
  readonly ydoc: Y.Doc;
  readonly type: Y.XmlFragment;
  doc!: PmNode;
  meta!: Parameters<typeof updateYFragment>[3];

  constructor(ydoc = new Y.Doc()) {
    this.ydoc = ydoc;
    this.type = ydoc.getXmlFragment("default");
    this.refresh();
  }

  /** Rebuild the ProseMirror document from Yjs, as the binding does after a remote change. */
  refresh() {
    const { doc, meta } = initProseMirrorDoc(this.type, schema);
    this.doc = doc;
    this.meta = meta;
  }

  get binding(): AnchorBinding {
    return { doc: this.ydoc, type: this.type, mapping: this.meta.mapping };
  }

  edit(change: (tr: Transaction) => void) {
    const tr = EditorState.create({ schema, doc: this.doc }).tr;
    change(tr);
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.type, tr.doc, this.meta), "local");
    this.refresh();
  }

  /** ProseMirror position of the first occurrence of `text`, plus `offset`. */
  find(text: string, offset = 0): number {
    let found = -1;
    this.doc.descendants((node, pos) => {
      if (found >= 0 || !node.isText) return found < 0;
      const index = node.text!.indexOf(text);
      if (index >= 0) found = pos + index + offset;
      return false;
    });
    if (found < 0) throw new Error(`"${text}" not in the document`);
    return found;
  }

  textOf(anchor: CommentAnchor): string | null {
    const range = resolveAnchor(this.binding, this.doc, anchor);
    return range ? this.doc.textBetween(range.from, range.to, "\n") : null;
  }

  anchor(text: string): CommentAnchor {
    const from = this.find(text);
    const anchor = anchorFromSelection(this.binding, this.doc, from, from + text.length);
    expect(anchor).not.toBeNull();
    return anchor!;
  }
}

function seeded(): Y.Doc {
  const ydoc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, START, ydoc.getXmlFragment("default"));
  return ydoc;
}

/** Two clients that both loaded the same stored document. */
function pair(): [Client, Client] {
  const stored = Y.encodeStateAsUpdate(seeded());
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, stored);
  Y.applyUpdate(b, stored);
  return [new Client(a), new Client(b)];
}

/** Collect every update a client makes, to deliver to the other later (in any order). */
function outbox(client: Client): Uint8Array[] {
  const updates: Uint8Array[] = [];
  client.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === "local") updates.push(update);
  });
  return updates;
}

function deliver(to: Client, updates: Uint8Array[], order: "forward" | "backward") {
  const list = order === "forward" ? updates : [...updates].reverse();
  for (const update of list) Y.applyUpdate(to.ydoc, update, "remote");
  to.refresh();
}

/** Restoring a version as the server does (packages/collab's replaceContent): all content deleted, the version's content inserted anew. */
function restore(client: Client, version: Uint8Array) {
  const source = new Y.Doc();
  Y.applyUpdate(source, version);
  const from = source.getXmlFragment("default");
  client.ydoc.transact(() => {
    client.type.delete(0, client.type.length);
    client.type.insert(0, from.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone()));
  }, "local");
  client.refresh();
}

function reload(client: Client): Client {
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(client.ydoc));
  return new Client(fresh);
}

describe("comment anchors", () => {
  it("anchors a selection with its quote and resolves it to the same range", () => {
    const [a] = pair();
    const anchor = a.anchor(SENTENCE);
    expect(anchor.quote).toBe(SENTENCE);
    expect(base64ToBytes(anchor.start)!.length).toBeLessThanOrEqual(512);
    expect(base64ToBytes(anchor.end)!.length).toBeLessThanOrEqual(512);
    const from = a.find(SENTENCE);
    expect(resolveAnchor(a.binding, a.doc, anchor)).toEqual({ from, to: from + SENTENCE.length });
    // What the API stores (the domain's schema) takes it as it is.
    expect(commentAnchorSchema.parse(anchor)).toEqual(anchor);
  });

  it("refuses an empty or blank selection", () => {
    const [a] = pair();
    const at = a.find(SENTENCE);
    expect(anchorFromSelection(a.binding, a.doc, at, at)).toBeNull();
    const space = a.find(" Weert");
    expect(anchorFromSelection(a.binding, a.doc, space, space + 1)).toBeNull();
    expect(anchorFromSelection(a.binding, a.doc, -1, 4)).toBeNull();
    expect(anchorFromSelection(a.binding, a.doc, 2, a.doc.content.size + 1)).toBeNull();
  });

  it("anchors across paragraphs and a heading, with line breaks in the quote", () => {
    const [a] = pair();
    const from = a.find("gie");
    const to = a.find("Inleiding", "Inleiding".length);
    const anchor = anchorFromSelection(a.binding, a.doc, from, to)!;
    expect(anchor.quote).toBe("gie\nInleiding");
    expect(a.textOf(anchor)).toBe("gie\nInleiding");
  });

  it("cuts a long quote at 1,000 characters without splitting a character", () => {
    const doc = schema.node("doc", null, [schema.node("paragraph", null, [schema.text(`${"a".repeat(999)}😀 en verder`)])]);
    const quote = quoteOf(doc, 1, doc.content.size - 1);
    expect(quote).toBe("a".repeat(999));
  });

  // The required test: two clients edit around and inside a commented passage; the
  // anchor ends on the same text on both, and after a reload.
  it.each(["forward", "backward"] as const)("moves with concurrent edits around and inside the passage, the same on both clients and after a reload (updates delivered %s)", (order) => {
    const [a, b] = pair();
    const toA = outbox(b);
    const toB = outbox(a);
    const anchor = a.anchor(SENTENCE);
    // B holds the anchor as the server sends it: the same three strings.
    const stored: CommentAnchor = JSON.parse(JSON.stringify(anchor));

    // Concurrently, before either sees the other's edits:
    // A types right before the passage and deletes text further before it.
    a.edit((tr) => tr.insertText("Let op: ", a.find(SENTENCE)));
    a.edit((tr) => tr.delete(a.find("van de regio"), a.find("van de regio", "van de regio".length)));
    // B types inside the passage, right after it, and further after it.
    b.edit((tr) => tr.insertText(" (en Venlo)", b.find("Weert", "Weert".length)));
    b.edit((tr) => tr.insertText(" Dat is besloten.", b.find("S2b.", "S2b.".length)));
    b.edit((tr) => tr.insertText("X", b.find("Daarna")));

    deliver(b, toB, order);
    deliver(a, toA, order);

    const expected = "Weert (en Venlo) doet mee aan perceel S2b.";
    expect(a.doc.textContent).toBe(b.doc.textContent);
    expect(a.doc.textContent).toContain(`Inleiding . Let op: ${expected} Dat is besloten. XDaarna`);
    expect(a.textOf(anchor)).toBe(expected);
    expect(b.textOf(stored)).toBe(expected);
    expect(resolveAnchor(a.binding, a.doc, anchor)).toEqual(resolveAnchor(b.binding, b.doc, stored));

    // Reload: the stored state in a fresh document resolves to the same text.
    expect(reload(a).textOf(stored)).toBe(expected);
    expect(reload(b).textOf(stored)).toBe(expected);
  });

  it("property: any concurrent typing and deleting around the passage, synced now and then and delivered in any order, leaves both clients on the passage with exactly the text typed inside it", () => {
    const op = fc.record({
      client: fc.constantFrom(0, 1),
      kind: fc.constantFrom("insert", "insert", "delete", "sync"),
      where: fc.double({ min: 0, max: 0.999, noNaN: true }),
      length: fc.integer({ min: 1, max: 6 }),
      // Often right at an edge of the passage (or one step inside it), where it matters most.
      edge: fc.constantFrom(null, null, "from", "to", "from+1", "to-1"),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 16 }), fc.boolean(), (ops, reversed) => {
        const clients = pair();
        const pending: [Uint8Array[], Uint8Array[]] = [outbox(clients[0]), outbox(clients[1])];
        const sync = (order: "forward" | "backward") => {
          deliver(clients[1], pending[0].splice(0), order);
          deliver(clients[0], pending[1].splice(0), order);
        };
        const anchor = clients[0].anchor(SENTENCE);
        const inside = new Set<string>();
        let marker = 0;
        for (const step of ops) {
          const client = clients[step.client]!;
          if (step.kind === "sync") {
            sync(reversed ? "backward" : "forward");
            continue;
          }
          const range = resolveAnchor(client.binding, client.doc, anchor)!;
          // Every place in a paragraph or heading where text can go.
          const places: number[] = [];
          client.doc.descendants((node, pos) => {
            if (node.isTextblock) for (let p = pos + 1; p <= pos + 1 + node.content.size; p++) places.push(p);
            return !node.isTextblock;
          });
          if (step.kind === "insert") {
            const edges = { from: range.from, to: range.to, "from+1": range.from + 1, "to-1": range.to - 1 };
            const at = step.edge ? edges[step.edge] : places[Math.floor(step.where * places.length)]!;
            const text = `«${marker++}»`;
            if (at > range.from && at < range.to) inside.add(text);
            client.edit((tr) => tr.insertText(text, at));
          } else {
            // Delete only outside the passage, within one block.
            const starts = places.filter((p) => places.includes(p + step.length) && client.doc.resolve(p).sameParent(client.doc.resolve(p + step.length)) && (p + step.length <= range.from || p >= range.to));
            if (starts.length === 0) continue;
            const at = starts[Math.floor(step.where * starts.length)]!;
            client.edit((tr) => tr.delete(at, at + step.length));
          }
        }
        sync(reversed ? "backward" : "forward");
        const [a, b] = clients;
        expect(a.doc.textContent).toBe(b.doc.textContent);
        const text = a.textOf(anchor)!;
        expect(b.textOf(anchor)).toBe(text);
        expect(reload(b).textOf(anchor)).toBe(text);
        expect(text.replace(/«\d+»/g, "")).toBe(SENTENCE);
        expect(new Set(text.match(/«\d+»/g) ?? [])).toEqual(inside);
      }),
      { numRuns: 80 },
    );
  });

  it("keeps typing right at the passage's edges outside it, and a partly deleted passage shrinks", () => {
    const [a, b] = pair();
    const toB = outbox(a);
    const anchor = a.anchor(SENTENCE);
    a.edit((tr) => tr.insertText("[", a.find(SENTENCE)));
    a.edit((tr) => tr.insertText("]", a.find(SENTENCE, SENTENCE.length)));
    a.edit((tr) => tr.delete(a.find("Weert "), a.find("Weert ", "Weert ".length)));
    deliver(b, toB, "forward");
    expect(a.doc.textContent).toContain("[doet mee aan perceel S2b.]");
    expect(a.textOf(anchor)).toBe("doet mee aan perceel S2b.");
    expect(b.textOf(anchor)).toBe("doet mee aan perceel S2b.");
  });

  it("says the passage is removed when all its text is deleted, here and on the other client, also after a reload", () => {
    const [a, b] = pair();
    const toB = outbox(a);
    const anchor = a.anchor(SENTENCE);
    a.edit((tr) => tr.delete(a.find(SENTENCE), a.find(SENTENCE, SENTENCE.length)));
    deliver(b, toB, "forward");
    expect(resolveAnchor(a.binding, a.doc, anchor)).toBeNull();
    expect(resolveAnchor(b.binding, b.doc, anchor)).toBeNull();
    expect(locateAnchor(b.binding, b.doc, anchor)).toEqual({ status: "removed" });
    expect(locateAnchor(reload(b).binding, reload(b).doc, anchor)).toEqual({ status: "removed" });
  });

  it("says the passage is removed when its whole paragraph is deleted (and collected after a reload)", () => {
    const [a, b] = pair();
    const toB = outbox(a);
    const anchor = a.anchor(SENTENCE);
    const $at = a.doc.resolve(a.find(SENTENCE));
    a.edit((tr) => tr.delete($at.before(), $at.after()));
    deliver(b, toB, "forward");
    expect(a.doc.childCount).toBe(2);
    expect(locateAnchor(a.binding, a.doc, anchor)).toEqual({ status: "removed" });
    expect(locateAnchor(b.binding, b.doc, anchor)).toEqual({ status: "removed" });
    const again = reload(a);
    expect(locateAnchor(again.binding, again.doc, anchor)).toEqual({ status: "removed" });
  });

  it("keeps what is left of a passage over two paragraphs when the first paragraph is deleted", () => {
    const [a] = pair();
    const from = a.find("Daarna");
    const to = a.find("Tweede", "Tweede".length);
    const anchor = anchorFromSelection(a.binding, a.doc, from, to)!;
    const $at = a.doc.resolve(from);
    a.edit((tr) => tr.delete($at.before(), $at.after()));
    expect(a.textOf(anchor)).toBe("Tweede");
    expect(reload(a).textOf(anchor)).toBe("Tweede");
  });

  it("finds the passage again by its quote after a version is restored (the text written anew), the same on both clients", () => {
    const [a, b] = pair();
    const toB = outbox(a);
    const version = Y.encodeStateAsUpdate(a.ydoc);
    const anchor = a.anchor(SENTENCE);
    a.edit((tr) => tr.insertText("Nieuwe opening. ", 1));
    restore(a, version);
    deliver(b, toB, "forward");
    const from = a.find(SENTENCE);
    expect(locateAnchor(a.binding, a.doc, anchor)).toEqual({ status: "present", relocated: true, from, to: from + SENTENCE.length });
    expect(b.textOf(anchor)).toBe(SENTENCE);
    expect(reload(b).textOf(anchor)).toBe(SENTENCE);
  });

  it("finds a moved passage by its quote, but not when the quote is in the text more than once or is too short", () => {
    const [a] = pair();
    const anchor = a.anchor(SENTENCE);
    // Moved: deleted where it was, typed once more elsewhere.
    a.edit((tr) => tr.insertText(` ${SENTENCE}`, a.find("Tweede alinea.", "Tweede alinea.".length)));
    a.edit((tr) => tr.delete(a.find(SENTENCE), a.find(SENTENCE, SENTENCE.length)));
    expect(a.textOf(anchor)).toBe(SENTENCE);
    expect(locateAnchor(a.binding, a.doc, anchor)).toMatchObject({ status: "present", relocated: true, from: a.find(SENTENCE) });
    // Twice in the text: which one is meant is not known.
    a.edit((tr) => tr.insertText(SENTENCE, a.find("Strategie", "Strategie".length)));
    expect(locateAnchor(a.binding, a.doc, anchor)).toEqual({ status: "removed" });
    // "gie" is in the text once, but three characters are no passage.
    expect(a.doc.textContent.split("gie").length).toBe(2);
    expect(findQuote(a.doc, "gie")).toBeNull();
    expect(findQuote(a.doc, "Strategie")).toEqual({ from: a.find("Strategie"), to: a.find("Strategie", 9) });
  });

  it("finds a quote over two blocks at the right positions", () => {
    const [a] = pair();
    const found = findQuote(a.doc, "gie\nInleiding");
    expect(found).toEqual({ from: a.find("gie"), to: a.find("Inleiding", "Inleiding".length) });
  });

  it("does not know an anchor of another document or one whose text has not arrived yet", () => {
    const [a] = pair();
    const anchor = a.anchor(SENTENCE);
    const other = new Client(seeded());
    expect(locateAnchor(other.binding, other.doc, anchor)).toEqual({ status: "unknown" });
    const empty = new Client(new Y.Doc());
    expect(resolveAnchor(empty.binding, empty.doc, anchor)).toBeNull();
    expect(locateAnchor(empty.binding, empty.doc, anchor)).toEqual({ status: "unknown" });
  });

  it("returns null, never throws, for garbage anchors (arbitrary strings)", () => {
    const [a] = pair();
    const real = a.anchor(SENTENCE);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (start, end, keepReal) => {
        const anchor = { start: keepReal ? real.start : start, end, quote: "x" };
        const range = resolveAnchor(a.binding, a.doc, anchor);
        // A random string decoding to a position inside this document is possible in theory only.
        if (range) expect(range.from).toBeLessThan(range.to);
        expect(() => decodeRelativePosition(start)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("returns null, never throws, for anchors of arbitrary bytes (valid base64)", () => {
    const [a] = pair();
    const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.uint8Array({ minLength: 0, maxLength: 40 }), (start, end) => {
        const anchor = { start: toBase64(start), end: toBase64(end), quote: "" };
        expect(() => locateAnchor(a.binding, a.doc, anchor)).not.toThrow();
        const placement = locateAnchor(a.binding, a.doc, anchor);
        if (placement.status === "present") expect(placement.from).toBeLessThan(placement.to);
      }),
      { numRuns: 500 },
    );
    // The root types of the document stay as they were: no type was made up from a garbage name.
    expect([...a.ydoc.share.keys()]).toEqual(["default"]);
  });

  it("returns null for anchors that are not even objects of strings", () => {
    const [a] = pair();
    for (const anchor of [null, undefined, {}, { start: 1, end: 2 }, { start: "", end: "" }, { start: "====", end: "a" }, { start: "AAAA", end: "AAAA" }] as unknown[]) {
      expect(resolveAnchor(a.binding, a.doc, anchor as CommentAnchor)).toBeNull();
    }
    expect(base64ToBytes("A".repeat(800))).toBeNull();
    expect(base64ToBytes("abc")).toBeNull();
    expect(base64ToBytes("ab=c")).toBeNull();
    expect(base64ToBytes(42)).toBeNull();
  });
});
