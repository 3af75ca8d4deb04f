import { request, type IncomingHttpHeaders } from "node:http";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | number>;
  /** Sent in one piece with its Content-Length. */
  body?: string | Buffer;
  /** Sent as chunked transfer encoding, without Content-Length: the server must count as it reads. */
  chunks?: Buffer[];
  /** Leave out the Host header (fetch() always sets it, and to the URL's host). */
  noHost?: boolean;
}

/** An HTTP request through node:http, for what fetch() cannot send: another Host, no Host, a streamed body. */
export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined) headers["Content-Length"] = Buffer.byteLength(options.body);
    const req = request(url, { method: options.method ?? "GET", headers, setHost: !options.noHost }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** A stack trace or a source path in a response body. */
export const STACK_TRACE = /node_modules|\.tsx?:\d+|\.m?js:\d+:\d+|\n\s+at |\\n\s+at |\/work\/|\/src\//;
