import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { CONTENT_FIELD, documentRoomName, plainText } from "@regiotafel/collab";
import { trackSaveState, type SyncState } from "@regiotafel/collab/client";

/** A headless editor: a real y-websocket provider connecting with a session cookie. */
export interface TestEditor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(): string;
  saveState(): SyncState;
  /** Appends `text` to the paragraph at `index` (creating paragraphs as needed). */
  type(text: string, paragraph?: number, offset?: number): void;
  waitFor(predicate: () => boolean, label: string, timeoutMs?: number): Promise<void>;
  waitSaved(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export function connectEditor(baseUrl: string, documentId: string, cookie: string, origin = baseUrl): TestEditor {
  class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, documentRoomName(documentId), doc, {
    WebSocketPolyfill: AuthenticatedWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // all sync must go through the server
    maxBackoffTime: 300,
  });
  const tracker = trackSaveState(provider, () => undefined);
  const fragment = doc.getXmlFragment(CONTENT_FIELD);

  const editor: TestEditor = {
    doc,
    provider,
    text: () => plainText(Y.encodeStateAsUpdate(doc)),
    saveState: () => tracker.state(),
    type(text, paragraph = fragment.length, offset) {
      doc.transact(() => {
        while (fragment.length <= paragraph) {
          const p = new Y.XmlElement("paragraph");
          p.insert(0, [new Y.XmlText("")]);
          fragment.push([p]);
        }
        const element = fragment.get(paragraph) as Y.XmlElement;
        let node = element.get(0) as Y.XmlText | undefined;
        if (!(node instanceof Y.XmlText)) {
          node = new Y.XmlText("");
          element.insert(0, [node]);
        }
        node.insert(Math.min(offset ?? node.length, node.length), text);
      });
    },
    async waitFor(predicate, label, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    waitSaved(timeoutMs) {
      return editor.waitFor(() => tracker.state() === "saved", "saved", timeoutMs);
    },
    destroy() {
      tracker.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
  return editor;
}

/** Tries a raw upgrade and returns the HTTP status of the refusal, or 101 when it was accepted. */
export function upgradeStatus(baseUrl: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${path}`, { headers });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => {
      resolve(101);
      ws.close();
    });
    ws.on("error", (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}
