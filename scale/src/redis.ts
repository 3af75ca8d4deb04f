import { connect } from "node:net";

/**
 * One command to a redis-server (RESP over a plain socket); resolves with the raw reply. For
 * what the harness does to Redis behind the instances' backs (CLIENT KILL).
 */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk;
      if (reply.endsWith("\r\n")) socket.end();
    });
    socket.on("end", () => resolve(reply));
    socket.on("error", reject);
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
  });
}

/** Cuts every instance's Redis connections (publishers and subscribers): they must reconnect and catch up. */
export async function killRedisConnections(port: number): Promise<number> {
  let killed = 0;
  for (const type of ["pubsub", "normal"]) {
    const reply = await redisCommand(port, "CLIENT", "KILL", "TYPE", type, "SKIPME", "yes");
    killed += Number(/^:(\d+)/.exec(reply)?.[1] ?? 0);
  }
  return killed;
}
