// A headless co-editor (adapted from server/src/test-collab-client.ts): a real y-websocket
// provider with a session cookie, that also records which instance accepted each connection.
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { CONTENT_FIELD, documentRoomName, plainText } from "@regiotafel/collab";
import { trackSaveState, type SyncState } from "@regiotafel/collab/client";

export interface TestEditor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The instance (HAProxy's X-Served-By) of each accepted connection, in order. */
  connections: string[];
  text(): string;
  saveState(): SyncState;
  /** Appends `text` to the paragraph at `index` (creating paragraphs as needed). */
  type(text: string, paragraph?: number, offset?: number): void;
  /** Deletes up to `length` characters of paragraph `paragraph` from `offset`. */
  erase(paragraph: number, offset: number, length: number): void;
  paragraphs(): number;
  /** The names of the other people whose presence this editor sees. */
  peers(): string[];
  waitFor(predicate: () => boolean, label: string | (() => string), timeoutMs?: number): Promise<void>;
  waitSynced(timeoutMs?: number): Promise<void>;
  /** Waits until the server confirmed everything this editor typed ("Opgeslagen"). */
  waitSaved(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export function connectEditor(baseUrl: string, documentId: string, cookie: string, options: { origin?: string; name?: string } = {}): TestEditor {
  const origin = options.origin ?? baseUrl;
  const connections: string[] = [];
  class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
      this.once("upgrade", (res) => connections.push(String(res.headers["x-served-by"] ?? "direct")));
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, documentRoomName(documentId), doc, {
    WebSocketPolyfill: AuthenticatedWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // all sync must go through the server
    maxBackoffTime: 300,
  });
  if (options.name) provider.awareness.setLocalStateField("user", { name: options.name });
  const tracker = trackSaveState(provider, () => undefined);
  const fragment = doc.getXmlFragment(CONTENT_FIELD);

  const paragraphText = (paragraph: number): Y.XmlText | undefined => {
    const element = fragment.get(paragraph);
    if (!(element instanceof Y.XmlElement)) return undefined;
    const node = element.get(0);
    return node instanceof Y.XmlText ? node : undefined;
  };

  const editor: TestEditor = {
    doc,
    provider,
    connections,
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
    erase(paragraph, offset, length) {
      const node = paragraphText(paragraph);
      if (!node || offset >= node.length) return;
      node.delete(offset, Math.min(length, node.length - offset));
    },
    paragraphs: () => fragment.length,
    peers() {
      const names: string[] = [];
      for (const [clientId, state] of provider.awareness.getStates()) {
        if (clientId === doc.clientID) continue;
        const user = (state as { user?: { name?: string } }).user;
        if (user?.name) names.push(user.name);
      }
      return names.sort();
    },
    async waitFor(predicate, label, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof label === "function" ? label() : label}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    waitSynced(timeoutMs) {
      return editor.waitFor(() => provider.synced, "the first sync", timeoutMs);
    },
    waitSaved(timeoutMs) {
      return editor.waitFor(() => tracker.state() === "saved", () => `saved (state ${tracker.state()})`, timeoutMs);
    },
    destroy() {
      tracker.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
  return editor;
}
