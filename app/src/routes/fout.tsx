import type { LoaderFunctionArgs } from "@remix-run/node";

// The server renders this route for a failure outside Remix (a refused origin, a failed
// session lookup), with `context.failure` set to the status: the root error page shows it in
// the user's language. Opened directly it is just an unknown address.
export async function loader({ context }: LoaderFunctionArgs): Promise<never> {
  throw new Response(null, { status: context.failure ?? 404 });
}

export default function Failure() {
  return null;
}
