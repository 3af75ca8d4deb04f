import { directoryOperations as dir, workspaceLifecycleOperations as ops } from "@regiotafel/domain";
import {
  addMunicipalities,
  addRegion,
  createDirectoryOrganisation,
  createWorkspace,
  deleteWorkspace,
  grantWorkspaceCreator,
  listAllWorkspaces,
  listMergedMunicipalities,
  listOtherOrganisations,
  listWorkspaceCreators,
  mergeMunicipalities,
  platformStanding,
  removeMunicipality,
  removeRegion,
  revokeWorkspaceCreator,
  searchDirectory,
  setWorkspaceArchived,
  workspaceSettings,
} from "@regiotafel/db";
import { authedProcedure, platformOperationProcedure, platformProcedure, router, stewardOperationProcedure, stewardProcedure, withoutWorkspace } from "../trpc";

// Workspaces as the platform creates, changes and ends them, and the organisation directory's
// procedures (issue 17 points 2 and 3, ADR 0022). Platform procedures never read a workspace's
// content; a workspace's stewards (its admins and platform administrators) see its regions.

const actor = (ctx: { user: { id: string; organisationId: string } }) => ({ userId: ctx.user.id, organisationId: ctx.user.organisationId });

export const workspacesRouter = router({
  /** Every workspace: name, address, regions, member count, state. Platform administrators. */
  list: platformOperationProcedure(ops.listWorkspaces).query(({ ctx }) => listAllWorkspaces(ctx.prisma)),
  /** A new workspace; its creator becomes its admin. Platform administrators and allowed creators. */
  create: platformOperationProcedure(ops.createWorkspace).mutation(({ ctx, input }) => createWorkspace(ctx.prisma, actor(ctx), input)),
  /** Whether the user may create workspaces (the platform pages ask). Any signed-in user. */
  standing: authedProcedure.query(({ ctx }) => platformStanding(ctx.prisma, ctx.user.id)),
  creators: platformProcedure.query(({ ctx }) => listWorkspaceCreators(ctx.prisma)),
  grantCreator: platformOperationProcedure(ops.grantCreator).mutation(({ ctx, input }) => grantWorkspaceCreator(ctx.prisma, actor(ctx), input.email)),
  revokeCreator: platformOperationProcedure(ops.revokeCreator).mutation(({ ctx, input }) => revokeWorkspaceCreator(ctx.prisma, actor(ctx), input.userId)),

  settings: stewardProcedure.query(({ ctx }) => workspaceSettings(ctx.prisma, ctx.steward)),
  addRegion: stewardOperationProcedure(ops.addRegion).mutation(({ ctx, input }) => addRegion(ctx.prisma, ctx.steward, withoutWorkspace(input))),
  removeRegion: stewardOperationProcedure(ops.removeRegion).mutation(({ ctx, input }) => removeRegion(ctx.prisma, ctx.steward, input.regionId)),
  addMunicipalities: stewardOperationProcedure(ops.addMunicipalities).mutation(({ ctx, input }) => addMunicipalities(ctx.prisma, ctx.steward, withoutWorkspace(input))),
  removeMunicipality: stewardOperationProcedure(ops.removeMunicipality).mutation(({ ctx, input }) => removeMunicipality(ctx.prisma, ctx.steward, withoutWorkspace(input))),
  setArchived: stewardOperationProcedure(ops.setArchived).mutation(({ ctx, input }) => setWorkspaceArchived(ctx.prisma, ctx.steward, input.archived)),
  delete: stewardOperationProcedure(ops.deleteWorkspace).mutation(({ ctx, input }) => deleteWorkspace(ctx.prisma, ctx.steward, input.confirmName)),
});

export const directoryRouter = router({
  /** Search as you type over current organisations. Platform administrators and workspace creators. */
  search: platformOperationProcedure(dir.search).query(({ ctx, input }) => searchDirectory(ctx.prisma, input.query, { kind: input.kind, limit: input.limit })),
  /** Regional bodies, national networks and other organisations, by hand. */
  createOrganisation: platformOperationProcedure(ops.createOrganisation).mutation(({ ctx, input }) => createDirectoryOrganisation(ctx.prisma, actor(ctx), input)),
  /** A municipal merger (herindeling). */
  mergeMunicipalities: platformOperationProcedure(dir.mergeMunicipalities).mutation(({ ctx, input }) => mergeMunicipalities(ctx.prisma, actor(ctx), input)),
  /** The organisations platform administrators created, and the municipalities that merged away (under their old names). */
  organisations: platformProcedure.query(async ({ ctx }) => ({ others: await listOtherOrganisations(ctx.prisma), merged: await listMergedMunicipalities(ctx.prisma) })),
});
