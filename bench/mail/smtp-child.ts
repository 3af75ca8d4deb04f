// The bench's SMTP server in a process of its own: receiving 100+ mails/s costs CPU, which in
// the load generator's process would slow the overview requests it times (as a remote mail
// server would not). Tells the parent its URL, then answers each "arrivals" message with the
// arrival times (epoch ms) since the last "reset".
import { startTestSmtpServer } from "@regiotafel/mail/testing";

export type ChildMessage = { kind: "ready"; url: string } | { kind: "arrivals"; arrivals: number[] };
export type ParentMessage = { kind: "reset" } | { kind: "arrivals" } | { kind: "close" };

const smtp = await startTestSmtpServer({ parse: false });
const send = (message: ChildMessage) => process.send!(message);
process.on("message", (message: ParentMessage) => {
  if (message.kind === "reset") {
    smtp.received.length = 0;
    smtp.arrivals.length = 0;
  } else if (message.kind === "arrivals") {
    send({ kind: "arrivals", arrivals: smtp.arrivals.map((t) => performance.timeOrigin + t) });
  } else {
    void smtp.close().then(() => process.exit(0));
  }
});
send({ kind: "ready", url: smtp.url });
