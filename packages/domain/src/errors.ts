export type DomainErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_REQUEST";

/**
 * A refusal by a business rule. `messageKey` is a key of ./messages.ts; `field` names the
 * form field it belongs to, when there is one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly messageKey: string,
    readonly params?: Record<string, string | number>,
    readonly field?: string,
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}

export const notFound = () => new DomainError("NOT_FOUND", "notFound");
export const forbidden = () => new DomainError("FORBIDDEN", "forbidden");
