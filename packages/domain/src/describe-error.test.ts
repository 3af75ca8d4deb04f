import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";
import { DomainError } from "./errors";

const trpcError = (code: string, message = code, cause?: unknown) => Object.assign(new Error(message), { name: "TRPCError", code, cause });

describe("describeError", () => {
  it("answers unreadable request input (PARSE_ERROR) as invalid input, 400", () => {
    expect(describeError(trpcError("PARSE_ERROR", "Unexpected token g"), "nl")).toMatchObject({
      code: "PARSE_ERROR",
      httpStatus: 400,
      messageKey: "input.invalid",
      message: "Deze invoer is ongeldig.",
    });
  });

  it("answers a request with the wrong method with 405", () => {
    expect(describeError(trpcError("METHOD_NOT_SUPPORTED", "Unsupported GET-request"), "nl").httpStatus).toBe(405);
  });

  it("gives a request in an unsupported format 415 and a clear message, never 500", () => {
    expect(describeError(trpcError("UNSUPPORTED_MEDIA_TYPE", "Unsupported content-type"), "nl")).toMatchObject({
      httpStatus: 415,
      messageKey: "input.invalid",
      message: "Deze invoer is ongeldig.",
    });
    expect(describeError(trpcError("UNPROCESSABLE_CONTENT"), "nl").httpStatus).toBe(422);
    expect(describeError(trpcError("PAYLOAD_TOO_LARGE"), "nl")).toMatchObject({ httpStatus: 413, messageKey: "payload.tooLarge" });
  });

  it("turns zod issues into per-field messages in the user's language", () => {
    const zod = { name: "ZodError", issues: [{ message: "x", path: ["workspace"] }] };
    const d = describeError(trpcError("BAD_REQUEST", "x", zod), "en");
    expect(d).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, messageKey: "input.invalid" });
    expect(d.fieldErrors?.workspace).toHaveLength(1);
    expect(d.message).not.toBe(describeError(trpcError("BAD_REQUEST", "x", zod), "nl").message);
  });

  it("never leaks the text of an unknown error", () => {
    const d = describeError(new Error("connection string postgres://secret"), "nl");
    expect(d).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, messageKey: "server.error" });
    expect(d.message).not.toContain("secret");
  });

  it("keeps a business rule's own message and field", () => {
    const rule = new DomainError("CONFLICT", "conflict.stale", undefined, "title");
    const d = describeError(trpcError("CONFLICT", "conflict.stale", rule), "nl");
    expect(d.httpStatus).toBe(409);
    expect(d.messageKey).toBe("conflict.stale");
    expect(Object.keys(d.fieldErrors ?? {})).toEqual(["title"]);
  });
});
