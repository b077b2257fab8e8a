import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import { VitePWA } from "vite-plugin-pwa";
import { earlyRefresh } from "./src/lib/earlyRefresh";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

const TESTS = "src/**/*.test.{ts,tsx}";
/**
 * The test files that mock modules (vi.mock): they run isolated, each in a fresh module graph. Read
 * only when vitest loads this config, not for `vite build` or `vite dev`.
 */
const MOCKING = !process.env.VITEST
  ? []
  : readdirSync("src", { recursive: true, encoding: "utf8" })
      .filter((f) => /\.test\.tsx?$/.test(f))
      .map((f) => `src/${f.replaceAll("\\", "/")}`)
      .filter((f) => readFileSync(f, "utf8").includes("vi.mock("));

/**
 * The modules a cold dashboard needs after the first bundle, as two chunks: the shell's and the home
 * route's components and the report prefetch with everything they import statically, less what the
 * first bundle or the `ui` chunk already holds. Split by the bundler, these were about 25 files of
 * 0.1–15 kB, requested at once on the browser's six connections ahead of the dashboard's API calls.
 * "common" takes the pieces among them that other screens import too (`lib/`, `components/`,
 * libraries, the events' and inventory's hooks and tables); "home" the rest (the shell, the
 * dashboard, its report widgets and sub-hire's "Find partners", with their generated code), which
 * the login page and the other screens' own chunks never ask for; "home-data" the report prefetch's
 * own (features/reports/api/prefetch.ts: ReportService's generated code and the report queries),
 * small and needing neither of the others, so the widgets' calls do not wait for the screens' code. Worked out from the module
 * graph when the build ends (before chunking), so it follows the code; other routes' code and
 * anything imported dynamically (ECharts, the offline queue, German and Arabic texts) keep their own.
 */
function homeChunk() {
  const home = new Set<string>();
  const common = new Set<string>();
  const data = new Set<string>();
  const shared = /[\\/]node_modules[\\/]|[\\/]src[\\/](lib|components|features[\\/](events|inventory)[\\/](api|components))[\\/]/;
  const prefetch = /[\\/]src[\\/]features[\\/]reports[\\/]api[\\/]prefetch\.ts$/;
  const roots = [/[\\/]src[\\/]app[\\/]routes[\\/]_app\.tsx\?tsr-split=component$/, /[\\/]src[\\/]app[\\/]routes[\\/]_app[\\/]index\.tsx\?tsr-split=component$/, prefetch];
  return {
    plugin: {
      name: "eventkit-home-chunk",
      apply: "build" as const,
      buildEnd(this: { getModuleIds(): Iterable<string>; getModuleInfo(id: string): { isEntry: boolean; importedIds: readonly string[] } | null }) {
        const ids = [...this.getModuleIds()];
        const closure = (start: string[]) => {
          const seen = new Set<string>();
          const todo = [...start];
          while (todo.length > 0) {
            const id = todo.pop()!;
            if (seen.has(id)) continue;
            seen.add(id);
            todo.push(...(this.getModuleInfo(id)?.importedIds ?? []));
          }
          return seen;
        };
        const initial = closure(ids.filter((id) => this.getModuleInfo(id)?.isEntry));
        home.clear();
        common.clear();
        data.clear();
        for (const id of closure(ids.filter((id) => prefetch.test(id)))) {
          if (!initial.has(id)) data.add(id);
        }
        for (const id of closure(ids.filter((id) => roots.some((r) => r.test(id))))) {
          if (initial.has(id) || data.has(id) || /node_modules[\\/]@mantine[\\/]/.test(id)) continue;
          (shared.test(id) ? common : home).add(id);
        }
      },
    },
    test: (id: string) => home.has(id),
    common: (id: string) => common.has(id),
    data: (id: string) => data.has(id),
  };
}
const home = homeChunk();

// `npm run dev` serves the app on :5173 and proxies the node's HTTP port (EVENTKIT_NODE, default
// http://127.0.0.1:8080) so the browser talks to one origin, as in production.
const node = process.env.EVENTKIT_NODE ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [
    tanstackRouter({
      target: "react",
      routesDirectory: "./src/app/routes",
      generatedRouteTree: "./src/app/routeTree.gen.ts",
      autoCodeSplitting: true,
    }),
    react(),
    home.plugin,
    // After a reload, AuthService/Refresh starts from index.html, while the app's code loads.
    // Right after the charset, before the stylesheet: an inline script waits for the stylesheets
    // above it, and the 230 kB of CSS would hold the refresh back.
    {
      name: "eventkit-early-refresh",
      transformIndexHtml: {
        order: "post",
        handler: (html: string) =>
          html.replace(
            /<meta charset="UTF-8" \/>/,
            (m) => `${m}\n    <script>window.__eventkitRefresh=(${earlyRefresh.toString()})(window);</script>`,
          ),
      },
    },
    // Installable, and the app shell (every built file, the barcode .wasm included) precached by a
    // Workbox service worker, so a reload without a connection still opens the scan screen. The
    // node serves /sw.js and /manifest.webmanifest with Cache-Control: no-cache, so a new build is
    // picked up; API calls (POST /eventkit.v1.*) never go through the worker's cache.
    VitePWA({
      registerType: "autoUpdate",
      // Registered by the app itself when the first screen is drawn (src/app/serviceWorker.ts).
      injectRegister: null,
      includeAssets: ["icons/*.png"],
      manifest: {
        name: "EventKit",
        short_name: "EventKit",
        description: "Rental inventory, events and warehouse scanning",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#3b5bdb",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest,wasm}"],
        // push-sw.js is imported by the worker itself, not precached.
        globIgnores: ["push-sw.js"],
        // zxing's reader is about 1.1 MB.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: "/index.html",
        // Attachments open in a tab of their own (a picture, a PDF): the node's file, not the app.
        navigateFallbackDenylist: [/^\/eventkit\./, /^\/grpc\./, /^\/health/, /^\/metrics/, /^\/files\//],
        cleanupOutdatedCaches: true,
        // Web push: the push and notification-click handlers (public/push-sw.js, served no-cache).
        importScripts: ["/push-sw.js"],
        // The first visit is controlled at once, so it works offline without a second load.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    outDir: "target/dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What the first page needs stays where the bundler puts it (the entry and its preloads).
            { name: "initial", test: /node_modules/, tags: ["$initial"], priority: 3 },
            // Every other Mantine component in one chunk: split per component, a cold dashboard asked
            // for about 40 of them at once, on the browser's 6 connections, ahead of its API calls.
            { name: "ui", test: /node_modules[\\/]@mantine[\\/]/, priority: 2 },
            // What a cold dashboard needs next, in two files (homeChunk above).
            { name: "common", test: home.common, priority: 1, includeDependenciesRecursively: false },
            { name: "home", test: home.test, priority: 1, includeDependenciesRecursively: false },
            // The report prefetch and what it needs beyond the first bundle (ReportService's code),
            // so that the widgets' calls go out as soon as it arrives, not after the screens' code.
            { name: "home-data", test: home.data, priority: 1, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/eventkit.v1.": node,
      "/health": node,
      // The export download (docs/data.md); the app's own page is /data.
      "/data/export": node,
      // Attachments: uploads and their signed download links (features/files).
      "/files/": node,
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/testing/setup.ts"],
    // vitest's default is one worker less than the cores: one, on a 2-core CI machine, while the
    // main process mostly waits.
    maxWorkers: Math.max(2, availableParallelism()),
    // A fresh module graph and jsdom for every file cost about 2.5 s a file here (three quarters of
    // the suite's time). Only files that replace modules with vi.mock need them: a module another
    // file already imported for real would not be replaced. The others share their worker's.
    projects: [
      { extends: true, test: { name: "shared", include: [TESTS], exclude: MOCKING, isolate: false } },
      ...(MOCKING.length ? [{ extends: true, test: { name: "isolated", include: MOCKING } }] : []),
    ],
  },
});
