import type { NextFunction, Request, Response } from "express";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { requestSite, sessionState } from "./request-context";

/** The route (app/src/routes/fout.tsx) that renders the error page for failures outside Remix. */
export const ERROR_PAGE_PATH = "/fout";

export interface PageOptions {
  build: () => Promise<ServerBuild>;
  /** "development" puts stack traces into error responses: only with Vite's dev server. */
  mode: "production" | "development";
  maxBodyBytes: number;
  /**
   * Pages that take a larger upload than `maxBodyBytes` (the workspace import, ADR 0025): their
   * posts are not read into memory here but handed to the action as a stream, counted, which
   * fails past `maxBytes` (the action streams the file to disk).
   */
  uploads?: readonly { path: string; maxBytes: number }[];
  loadContext(req: Request, res: Response, failure?: number): AppLoadContext;
}

const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Serves the Remix UI, as @remix-run/express does, with these differences: the request body
 * is read here, up to `maxBodyBytes` (counted as it streams, not only by Content-Length); a
 * body that is too large, not a form, or a malformed multipart form never reaches an action —
 * a page request gets the error page (413/415/400) at once, and a single-fetch request of the
 * running app (`….data`) gets a body whose reading throws that status, so Remix answers with
 * the error in its own format; and a signed-in user's answers are never stored by caches.
 */
export function createPageHandler(options: PageOptions) {
  const handle = createRequestHandler(options.build, options.mode);

  async function send(res: Response, response: globalThis.Response) {
    res.statusMessage = response.statusText;
    res.status(response.status);
    for (const [key, value] of response.headers.entries()) res.append(key, value);
    if (sessionState(res).user) res.setHeader("Cache-Control", "no-store");
    if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
    if (response.body) await writeBody(response.body, res);
    else res.end();
  }

  async function renderFailure(req: Request, res: Response, status: number) {
    const site = requestSite(res);
    const request = new globalThis.Request(`${site.origin}${ERROR_PAGE_PATH}`, { headers: { "user-agent": req.get("user-agent") ?? "" } });
    await send(res, await handle(request, options.loadContext(req, res, status)));
  }

  return {
    async handle(req: Request, res: Response, next: NextFunction) {
      try {
        // Remix would log a warning per route for a path that is not valid percent-encoding.
        if (!isDecodable(req.path)) return await renderFailure(req, res, 400);
        const site = requestSite(res);
        const controller = new AbortController();
        res.on("close", () => {
          if (!res.writableFinished) controller.abort();
        });
        const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: requestHeaders(req), signal: controller.signal };
        const upload = req.method === "POST" ? options.uploads?.find((u) => req.path === u.path || req.path === `${u.path}.data`) : undefined;
        if (upload) {
          if (Number(req.headers["content-length"] ?? 0) > upload.maxBytes) {
            discard(req, upload.maxBytes);
            if (!req.path.endsWith(".data")) return await renderFailure(req, res, 413);
            init.body = refusedBody(413);
          } else init.body = countedBody(req, upload.maxBytes);
          init.duplex = "half";
        } else if (req.method !== "GET" && req.method !== "HEAD") {
          const body = await readForm(req, options.maxBodyBytes);
          if (typeof body === "number" && !req.path.endsWith(".data")) return await renderFailure(req, res, body);
          init.body = typeof body === "number" ? refusedBody(body) : body;
          if (typeof body === "number") init.duplex = "half";
        }
        const request = new globalThis.Request(`${site.origin}${req.originalUrl}`, init);
        await send(res, await handle(request, options.loadContext(req, res)));
      } catch (error) {
        next(error);
      }
    },

    /** The error page for a failure outside Remix (origin refused, database down, …), in the user's language. */
    renderFailure,
  };
}

function isDecodable(path: string): boolean {
  try {
    decodeURI(path);
    return true;
  } catch {
    return false;
  }
}

function requestHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/**
 * Sends a response body as the client takes it: the next chunk is read only once the socket
 * took the last (Remix's own writer does not wait, so a slow client of a streamed download
 * would have the whole file buffered here). Each chunk is flushed through compression (SSE).
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: Response) {
  const reader = body.getReader();
  const flushable = res as unknown as { flush?: () => void };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return void res.end();
      if (res.destroyed) return void (await reader.cancel());
      const more = res.write(value);
      flushable.flush?.();
      if (!more && !res.destroyed) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.on("drain", go);
          res.on("close", go);
        });
      }
    }
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

/** The request body as a stream that fails with a 413 Response past `limit` bytes (and drops the rest). */
function countedBody(req: Request, limit: number): ReadableStream<Uint8Array> {
  let size = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.removeAllListeners("data");
          discard(req, limit);
          controller.error(new globalThis.Response(null, { status: 413 }));
          return;
        }
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once("end", () => {
        if (size <= limit) controller.close();
      });
      req.once("error", (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      discard(req, limit);
    },
  });
}

/** A body whose reading fails with that status: the action that reads it throws it. */
function refusedBody(status: number): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.error(new globalThis.Response(null, { status })) });
}

/**
 * The request body, or the status to refuse it with: 413 past the limit, 415 when a non-empty
 * body is not a form (the pages take nothing else), 400 for a multipart form that cannot be parsed.
 */
async function readForm(req: Request, limit: number): Promise<Uint8Array | number> {
  const body = await readLimited(req, limit);
  if (body === "too-large") return 413;
  if (body.length === 0) return body;
  const type = req.headers["content-type"] ?? "";
  const form = FORM_TYPE.exec(type);
  if (!form) return 415;
  if (form[1]!.toLowerCase() === "multipart/form-data") {
    try {
      await new globalThis.Response(body, { headers: { "content-type": type } }).formData();
    } catch {
      return 400;
    }
  }
  return body;
}

function readLimited(req: Request, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      discard(req, limit);
      return resolve("too-large");
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      discard(req, limit);
      resolve("too-large");
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
  });
}

/**
 * After a refusal, reads and drops what the client is still sending, so that it gets to read
 * the 413 instead of a reset connection; past a bound it hangs up.
 */
function discard(req: Request, limit: number) {
  const bound = Math.max(4 * limit, 1 << 20);
  let dropped = 0;
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > bound) req.socket.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}
