import type { LoaderFunctionArgs } from "@remix-run/node";
import { load, requireUser } from "~/lib/api.server";

/**
 * GET /w/<workspace>/werkruimte-export.zip: the whole workspace as one ZIP (ADR 0025), streamed
 * as it is written. Its administrators only: any other member gets 403, anyone else 404.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const { body, fileName, files } = await load(context, request, () => context.api.archive.export({ workspace: params.workspace ?? "" })).catch((error: unknown) => {
    if (error instanceof Error && (error as { code?: string }).code === "FORBIDDEN") throw new Response("Verboden", { status: 403 });
    throw error;
  });
  return new Response(body as unknown as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      // The page's progress bar counts the ZIP's files against this.
      "X-Archive-Files": String(files),
    },
  });
}
