import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** RCPT TO addresses of the SMTP transaction. */
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

/** How the test server answers: accept, or refuse at DATA with a temporary (451) or permanent (554) reply. */
export type SmtpAnswer = "accept" | "tempfail" | "permfail";

export interface TestSmtpServer {
  /** smtp://user:secret@127.0.0.1:<port> */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** The answer to the next messages. */
  answer: SmtpAnswer;
  /** Only count raw bytes and arrival times; skip parsing (for the benchmark). */
  parse: boolean;
  arrivals: number[];
  /** Waits until at least `count` mails arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening (connection refused from now on); `listen()` opens the same port again. */
  close(): Promise<void>;
  listen(): Promise<void>;
}

export const TEST_SMTP_USER = "regiotafel";
export const TEST_SMTP_PASSWORD = "s3cret/with:chars";

/** A real SMTP server on a loopback port, in this process, keeping every accepted mail. */
export async function startTestSmtpServer(options: { port?: number; parse?: boolean } = {}): Promise<TestSmtpServer> {
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;
  const state: TestSmtpServer = {
    url: "",
    port: 0,
    received: [],
    answer: "accept",
    parse: options.parse ?? true,
    arrivals: [],
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${state.received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return state.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        const closing = server;
        server = undefined;
        closing.close(() => resolve());
      }),
    listen: async () => {
      server = create();
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      port = (server.server.address() as AddressInfo).port;
      state.port = port;
      state.url = `smtp://${TEST_SMTP_USER}:${encodeURIComponent(TEST_SMTP_PASSWORD)}@127.0.0.1:${port}`;
    },
  };

  function create(): SMTPServer {
    return new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authOptional: false,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === TEST_SMTP_USER && auth.password === TEST_SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (state.answer === "tempfail") return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
          if (state.answer === "permfail") return callback(Object.assign(new Error("Message refused"), { responseCode: 554 }));
          const raw = Buffer.concat(chunks).toString("utf8");
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          state.arrivals.push(performance.now());
          if (!state.parse) {
            state.received.push({ envelopeTo, raw, parsed: undefined as unknown as ParsedMail });
            return callback(null);
          }
          // Accept only once the mail is parsed and kept: a test that sees the 250 sees the mail.
          simpleParser(raw).then(
            (parsed) => {
              state.received.push({ envelopeTo, parsed, raw });
              callback(null);
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  }

  await state.listen();
  return state;
}
