import type { LoaderFunctionArgs } from "@remix-run/node";

// Any address no other route matches: the root's not-found page, with the signed-in header
// (without this route Remix would render the 404 without running the root loader).
export async function loader(_args: LoaderFunctionArgs): Promise<never> {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
