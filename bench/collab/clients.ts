// Headless y-websocket clients for the benchmark. Writers make real Yjs edits (each carries
// its send time in the text); observers only read, and find those times in the frames.
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { plainText } from "@regiotafel/collab";

const MESSAGE_SYNC = 0;

function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** A writer: syncs once, then edits its own paragraph and ignores what others write. */
export class Writer {
  private readonly doc = new Y.Doc();
  private text!: Y.XmlText;
  private ws!: WebSocket;
  private seq = 0;
  sent = 0;

  /** `replace`: each edit replaces the writer's text, so the document stays the same size (bench/soak). */
  constructor(
    readonly index: number,
    private readonly replace = false,
  ) {}

  async connect(url: string, headers: Record<string, string>): Promise<void> {
    this.ws = await open(url, headers);
    let synced!: () => void;
    const done = new Promise<void>((resolve) => (synced = resolve));
    let isSynced = false;
    this.ws.on("message", (data: Buffer) => {
      if (isSynced) return; // after the first sync a writer does not read
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, "server");
      if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
      if (type === syncProtocol.messageYjsSyncStep2) {
        isSynced = true;
        synced();
      }
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== "server") this.ws.send(syncFrame((e) => syncProtocol.writeUpdate(e, update)));
    });
    this.ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, this.doc)));
    await done;
    const fragment = this.doc.getXmlFragment("default");
    const paragraph = new Y.XmlElement("paragraph");
    this.text = new Y.XmlText("");
    paragraph.insert(0, [this.text]);
    fragment.push([paragraph]);
  }

  /** One edit; the text holds writer, sequence number and send time (performance.now()). */
  edit(): void {
    const marker = `|${this.index}:${this.seq++}:${performance.now().toFixed(2)}|`;
    this.doc.transact(() => {
      if (this.replace && this.text.length > 0) this.text.delete(0, this.text.length);
      this.text.insert(this.text.length, marker);
    });
    this.sent++;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

const MARKER = /\|(\d+):(\d+):(\d+\.\d+)\|/g;

/** An observer: receives every edit and records how long each took to arrive. */
export class Observer {
  private ws!: WebSocket;
  readonly seen = new Set<string>();
  latencies: number[] = [];
  measuringSince = Number.POSITIVE_INFINITY;

  /** `measures(writer)`: whose edits' latencies count (all by default; every edit counts as seen). */
  constructor(private readonly measures: (writer: number) => boolean = () => true) {}

  async connect(url: string, headers: Record<string, string>): Promise<void> {
    this.ws = await open(url, headers);
    this.ws.on("message", (data: Buffer) => {
      const now = performance.now();
      if (data[0] !== MESSAGE_SYNC) return;
      // Yjs stores inserted strings as UTF-8 inside the update: the markers can be read directly.
      for (const match of data.toString("latin1").matchAll(MARKER)) {
        const key = `${match[1]}:${match[2]}`;
        const sentAt = Number(match[3]);
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        if (sentAt >= this.measuringSince && this.measures(Number(match[1]))) this.latencies.push(now - sentAt);
      }
    });
    this.ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.close();
  }
}

/** Connects, syncs once and returns the document's plain text (to check what was stored). */
export async function readDocumentText(url: string, headers: Record<string, string>): Promise<string> {
  const ws = await open(url, headers);
  const doc = new Y.Doc();
  try {
    await new Promise<void>((resolve, reject) => {
      ws.on("message", (data: Buffer) => {
        const decoder = decoding.createDecoder(data);
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
        const type = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, "server");
        if (type === syncProtocol.messageYjsSyncStep2) resolve();
      });
      ws.once("close", (code) => reject(new Error(`closed before sync (${code})`)));
      ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, doc)));
    });
    return plainText(Y.encodeStateAsUpdate(doc));
  } finally {
    ws.close();
    doc.destroy();
  }
}
