import { DomainError, notFound } from "@regiotafel/domain";
import { Prisma } from "../generated/prisma/client";

/**
 * What a lost race with another request looks like to Prisma, as the refusal it is: the
 * record to change or delete was removed in the meantime (P2025), a record it refers to was
 * removed (P2003), or the same record was created at the same moment (P2002, a unique index).
 * Checks before a write cannot rule these out; two clicks on "Verwijderen" arrive together.
 */
export function raceRefusal(error: unknown): DomainError | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  if (error.code === "P2025" || error.code === "P2003") return notFound();
  if (error.code === "P2002") return new DomainError("CONFLICT", "conflict.stale");
  return undefined;
}

/**
 * Runs `work` (a transaction), turning a lost race into NOT_FOUND or CONFLICT (`conflict`
 * names the duplicate more precisely); every other error passes unchanged.
 */
export async function refusingLostRaces<T>(work: () => Promise<T>, conflict?: () => DomainError): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const refusal = raceRefusal(error);
    throw refusal?.code === "CONFLICT" && conflict ? conflict() : (refusal ?? error);
  }
}
