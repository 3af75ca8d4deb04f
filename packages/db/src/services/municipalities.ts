import { assertPermitted, DomainError, workspaceOperations, type ContactInput } from "@regiotafel/domain";
import type { Db } from "../client";
import { findWorkspaceMunicipality, type Scope } from "../scope";
import { recordAudit } from "./audit";

/**
 * Updates the procurement contact of a municipality. Only that municipality's own editors
 * may (its contract's rule); `expectedVersion` refuses a stale write.
 */
export async function updateMunicipalityContact(
  prisma: Db,
  scope: Scope,
  municipalityId: string,
  contact: ContactInput,
  expectedVersion: number,
) {
  const current = await findWorkspaceMunicipality(prisma, scope, municipalityId);
  assertPermitted(workspaceOperations.updateMunicipalityContact, scope, current.id);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.organisation.updateMany({
      where: { id: municipalityId, version: expectedVersion },
      data: { ...contact, version: { increment: 1 } },
    });
    if (count === 0) throw new DomainError("CONFLICT", "conflict.stale");
    const before = { contactName: current.contactName, contactEmail: current.contactEmail, contactPhone: current.contactPhone };
    await recordAudit(tx, scope, {
      action: "municipality.contactUpdated",
      entityType: "municipality",
      entityId: municipalityId,
      before,
      after: { ...contact },
    });
    return { id: municipalityId, ...contact, version: expectedVersion + 1 };
  });
}
