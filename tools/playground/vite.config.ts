import { defineConfig } from "vite";

// A static page: relative asset URLs so dist/ works from any folder the docs host it under.
export default defineConfig({
  base: "./",
  worker: { format: "es" },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // asc and binaryen are megabytes by nature; the warning says nothing new.
    chunkSizeWarningLimit: 16_000,
  },
});
