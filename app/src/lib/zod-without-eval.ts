import { z } from "zod";

// zod 4 compiles object parsers with `new Function` and probes for it when a schema is
// built; under the Content-Security-Policy (no 'unsafe-eval') that probe is a violation in
// every page. In the browser zod parses without compiling. root.tsx imports this module
// first, so it runs before any schema is built. The server keeps the faster compiled parsers.
if (typeof document !== "undefined") z.config({ jitless: true });
