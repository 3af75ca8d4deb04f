import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { describeError } from "@regiotafel/domain";

describe("error statuses", () => {
  // tRPC answers with the status our error formatter puts in the error, so a code the
  // formatter does not know would go out as 500 (an unsupported Content-Type did).
  it.each(Object.keys(TRPC_ERROR_CODES_BY_KEY) as TRPC_ERROR_CODE_KEY[])("%s keeps the status tRPC gives it", (code) => {
    const error = new TRPCError({ code });
    expect(describeError(error, "nl").httpStatus).toBe(getHTTPStatusCodeFromError(error));
  });
});
