import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface HoldingSmtpServer {
  url: string;
  /** Mails accepted (answered 250), by their Message-ID. */
  delivered: { messageId: string; to: string[] }[];
  /** Transactions that reached DATA, accepted or not. */
  attempts: number;
  /** While true, DATA is read but never answered: the sender waits, as with a slow server. */
  hold: boolean;
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process that can keep a sender waiting at DATA (`hold`), so
 * a test can kill the instance in the middle of sending. A held transaction is never
 * delivered: its connection ends without the 250.
 */
export async function startHoldingSmtpServer(): Promise<HoldingSmtpServer> {
  const state: HoldingSmtpServer = {
    url: "",
    delivered: [],
    attempts: 0,
    hold: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      state.attempts++;
      const held = state.hold;
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (held) return; // no answer: the sender waits until it dies or times out
        const raw = Buffer.concat(chunks).toString("utf8");
        const messageId = /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? "";
        state.delivered.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address) });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
