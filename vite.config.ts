import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));

// A build is always React's production build, whatever NODE_ENV the caller runs under: vitest
// sets NODE_ENV=test, which would otherwise ship the development build (jsxDEV, 50% larger).
if (process.argv.includes("build")) process.env.NODE_ENV = "production";

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // One entry chunk for the first page; Invoices and Users are separate chunks loaded on demand.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite` for UI work, with the API from `npm start` on :3000.
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
