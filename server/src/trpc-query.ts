import type { NextFunction, Request, Response } from "express";
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError, transformTRPCResponse, type AnyTRPCRouter, type TRPCError as TRPCErrorType } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";

interface SingleQueryOptions<TContext> {
  router: AnyTRPCRouter;
  createContext: (req: Request, res: Response) => TContext;
  onError: (opts: { error: TRPCErrorType; path: string }) => void;
}

/**
 * Serves a single (unbatched) GET query the way tRPC's HTTP handler does, without its
 * Fetch API bridge: tRPC's Node adapter turns every request into a WHATWG Request (with an
 * AbortController that is aborted, creating a DOMException, when the response closes) and
 * streams the Response back through web streams. Skipping that took bench/api from about
 * 410 to 630 requests/s (docs/decisions/0011-api-hot-path.md). Everything else (batches,
 * mutations, HEAD, streaming, paths it cannot read) goes on to tRPC's own handler. The answer
 * is byte-for-byte what tRPC sends (trpc-query.test.ts compares them).
 */
export function singleQueryHandler<TContext>({ router, createContext, onError }: SingleQueryOptions<TContext>) {
  const config = router._def._config;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" || req.headers["trpc-accept"] !== undefined) return next();
    const queryAt = req.url.indexOf("?");
    let path: string;
    try {
      path = decodeURIComponent(queryAt === -1 ? req.url.slice(1) : req.url.slice(1, queryAt));
    } catch {
      return next();
    }
    const procedure = router._def.procedures[path] as
      | ((opts: { path: string; getRawInput: () => Promise<unknown>; ctx: TContext; type: "query"; signal: undefined }) => Promise<unknown>)
      | undefined;
    const type = (procedure as { _def?: { type?: string } } | undefined)?._def?.type;
    if (!procedure || type !== "query") return next();
    const params = new URLSearchParams(queryAt === -1 ? "" : req.url.slice(queryAt + 1));
    if (params.has("batch")) return next();

    let input: unknown;
    let ctx: TContext | undefined;
    let body: unknown;
    // Read lazily, as tRPC does: unreadable JSON fails inside the procedure, as BAD_REQUEST.
    const getRawInput = async () => {
      const raw = params.get("input");
      try {
        input = raw === null ? undefined : config.transformer.input.deserialize(JSON.parse(raw));
      } catch (cause) {
        throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
      }
      return input;
    };
    try {
      ctx = createContext(req, res);
      const data = await procedure({ path, getRawInput, ctx, type: "query", signal: undefined });
      body = { result: { data } };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      onError({ error, path });
      body = { error: getErrorShape({ config, ctx, error, input, path, type: "query" }) };
    }
    res.status(getHTTPStatusCode(body as never));
    res.setHeader("vary", "trpc-accept");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(transformTRPCResponse(config, body as never)));
  };
}
