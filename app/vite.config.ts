import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    remix({
      appDirectory: "src",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { "~": new URL("./src", import.meta.url).pathname } },
  // Workspace packages stay external in the server build: at run time the server (under tsx)
  // loads them once, so the app and the server share one copy of each module.
  ssr: { external: ["@regiotafel/domain", "@regiotafel/api", "@regiotafel/auth"] },
  server: { hmr: { port: 24679 } },
  // zod and the module that switches off its `new Function` probe share one chunk, so the
  // switch runs before any schema is built (src/lib/zod-without-eval.ts, ADR 0015).
  build: isSsrBuild ? {} : { rollupOptions: { output: { manualChunks: (id: string) => (/[\\/]node_modules[\\/]zod[\\/]|zod-without-eval/.test(id) ? "zod" : undefined) } } },
}));
