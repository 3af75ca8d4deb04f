import { startServerProcess } from "@regiotafel/server/testing";

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs the real server entry point in its own process, so the load generator does not share its event loop. */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const server = await startServerProcess(env, env.DATA_DIR);
  return {
    url: server.url.replace("localhost", "127.0.0.1"),
    pid: server.process.pid!,
    stop: () => server.dispose(),
  };
}
