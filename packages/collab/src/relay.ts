// What instances tell each other about an open document (ADR 0032), over a MessageTransport
// channel per document. Binary (lib0), one message per frame; a frame that does not decode is
// dropped by the receiver (a healing read from PostgreSQL recovers whatever it carried).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** The channel of a document's messages between instances. */
export const relayChannel = (documentId: string) => `doc.${documentId}`;

export type RelayMessage =
  /** An update this instance received from its editor (or made on the server): number `seq` of its sender. */
  | { kind: "update"; sender: string; seq: number; data: Uint8Array; author: { userId: string; organisationId: string | null } | null }
  /** Every update of the sender up to `seq` is stored in PostgreSQL. */
  | { kind: "stored"; sender: string; seq: number }
  /** Presence changes of the sender's clients, and which user owns each client id. */
  | { kind: "awareness"; sender: string; owners: { clientId: number; userId: string }[]; data: Uint8Array }
  /** The sender opened the document (or is back): everyone answers with their clients' presence. */
  | { kind: "hello"; sender: string };

const KINDS = ["update", "stored", "awareness", "hello"] as const;

export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
  encoding.writeVarString(encoder, message.sender);
  switch (message.kind) {
    case "update":
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarString(encoder, message.author?.userId ?? "");
      encoding.writeVarString(encoder, message.author?.organisationId ?? "");
      encoding.writeVarUint8Array(encoder, message.data);
      break;
    case "stored":
      encoding.writeVarUint(encoder, message.seq);
      break;
    case "awareness":
      encoding.writeVarUint(encoder, message.owners.length);
      for (const owner of message.owners) {
        encoding.writeVarUint(encoder, owner.clientId);
        encoding.writeVarString(encoder, owner.userId);
      }
      encoding.writeVarUint8Array(encoder, message.data);
      break;
    case "hello":
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** The message in `bytes`, or null when they are not one (nothing is thrown). */
export function decodeRelayMessage(bytes: Uint8Array): RelayMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const kind = KINDS[decoding.readVarUint(decoder)];
    const sender = decoding.readVarString(decoder);
    let message: RelayMessage;
    switch (kind) {
      case "update": {
        const seq = decoding.readVarUint(decoder);
        const userId = decoding.readVarString(decoder);
        const organisationId = decoding.readVarString(decoder);
        const data = decoding.readVarUint8Array(decoder);
        message = { kind, sender, seq, data, author: userId ? { userId, organisationId: organisationId || null } : null };
        break;
      }
      case "stored":
        message = { kind, sender, seq: decoding.readVarUint(decoder) };
        break;
      case "awareness": {
        const count = decoding.readVarUint(decoder);
        if (count > bytes.length) return null; // each owner takes at least a byte
        const owners: { clientId: number; userId: string }[] = [];
        for (let i = 0; i < count; i++) owners.push({ clientId: decoding.readVarUint(decoder), userId: decoding.readVarString(decoder) });
        message = { kind, sender, owners, data: decoding.readVarUint8Array(decoder) };
        break;
      }
      case "hello":
        message = { kind, sender };
        break;
      default:
        return null;
    }
    // Trailing bytes mean it is not a message of ours.
    return decoding.hasContent(decoder) || !sender ? null : message;
  } catch {
    return null;
  }
}
