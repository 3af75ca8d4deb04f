// Headless y-websocket clients for the benchmark. Writers make real Yjs edits (each carries
// its send time in the text); observers only read, and find those times in the frames.
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

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

  constructor(readonly index: number) {}

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
    this.text.insert(this.text.length, `|${this.index}:${this.seq++}:${performance.now().toFixed(2)}|`);
    this.sent++;
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
        if (sentAt >= this.measuringSince) this.latencies.push(now - sentAt);
      }
    });
    this.ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
  }

  close(): void {
    this.ws.close();
  }
}
