import { Agent, request } from "node:http";
import { summarise } from "./stats";

export interface LoadResult {
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Keeps `concurrency` keep-alive connections busy with GET `path` for `seconds`
 * (after a warm-up), each request carrying one of `cookies` in turn.
 */
export async function closedLoop(baseUrl: string, path: string, cookies: string[], concurrency: number, seconds: number, warmupSeconds = 2): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(path, baseUrl);
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let errors = 0;

  const once = (cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(url, { agent, headers: { Cookie: cookie } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end();
    });

  async function worker(index: number) {
    const cookie = cookies[index % cookies.length]!;
    while (!stop) {
      const start = performance.now();
      let status = 0;
      try {
        status = await once(cookie);
      } catch {
        status = 0;
      }
      if (!measuring) continue;
      if (status === 200) latencies.push(performance.now() - start);
      else errors++;
    }
  }

  const workers = Array.from({ length: concurrency }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  const s = summarise(latencies);
  return { concurrency, seconds: elapsed, requests: s.count, errors, rps: s.count / elapsed, p50: s.p50, p99: s.p99 };
}

/** Logs in through the real login form; returns "regiotafel_session=…". */
export async function login(baseUrl: string, email: string, password = "regiotafel-demo"): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="));
  if (!cookie) throw new Error(`login as ${email} failed (${res.status})`);
  return cookie.split(";")[0]!;
}
