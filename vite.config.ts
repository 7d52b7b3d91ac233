import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));

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
