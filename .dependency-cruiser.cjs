/**
 * The import rules that keep src/ one-way (ARCHITECTURE.md draws the layers). `npm run lint`
 * runs them; a violation fails CI. Layers, top to bottom:
 *   entry points (src/main.ts, src/worker.ts, src/cli)
 *   composition (src/node, src/workers): builds the ports and mounts the routers
 *   HTTP (src/app.ts, src/routes, src/console, src/mcp, the API-key middleware)
 *   use cases (src/pipeline, src/jobs, the helpdesk jobs, the Shopify event work)
 *   domain and repositories (policy, scoring, ai, ledger, drafts, customers, profile, ...)
 *   infrastructure and leaves (db, cache, queue, lib, log, http, config, clock, the clients)
 * Type-only imports count: a type can tie a circle as well as a value.
 */

const ENTRY = "^src/(main|worker)\\.ts$|^src/cli/";
const COMPOSITION = "^src/(node|workers)/";
const HTTP = "^src/(app\\.ts$|routes/|console/|mcp/)|^src/auth/api-key-middleware\\.ts$";
const USE_CASES = "^src/(pipeline|jobs)/|^src/helpdesks/(inbound|outbound|reconcile|jobs)\\.ts$|^src/shopify/(events|sync|redact|index)\\.ts$";
/** The pure core: plain functions of their inputs (and a clock), no I/O. */
const PURE =
  "^src/(scoring|policy|handover)/|^src/privacy/deadline\\.ts$|^src/ai/draft/(guard|commitments|template|facts|discount-code|normalise|normalize)[^/]*\\.ts$|^src/ai/draft/commitments/|^src/ai/triage/(?!node-loader|llm)[^/]+\\.ts$|^src/ledger/budget\\.ts$|^src/knowledge/(passages|rank|split)[^/]*\\.ts$";
const INFRA = "^src/(db|cache|queue|lib|log|http|config)/|^src/clock\\.ts$";
/** Modules that do I/O or reach a server: never imported by the pure core. */
const IO = "^src/(db|cache|queue|node|workers|routes|console|pipeline|jobs|helpdesks|auth|drafts|settings|audit)/|^src/customers/(?!types\\.ts$)|^src/shopify/(?!port\\.ts$)|^src/profile/(service|sources|runs)\\.ts$|^src/ledger/(?!budget\\.ts$)|^src/services\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import circles hide which module depends on which; break them by moving the shared part down.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-entry-point-imports",
      severity: "error",
      comment: "Entry points start processes; nothing builds on them.",
      from: { path: "^src/" },
      to: { path: ENTRY },
    },
    {
      name: "composition-only-from-entry",
      severity: "error",
      comment: "src/node and src/workers build the ports for a runtime; only entry points (and each other's files) use them.",
      from: { path: "^src/", pathNot: `${ENTRY}|${COMPOSITION}` },
      to: { path: COMPOSITION },
    },
    {
      name: "node-and-workers-apart",
      severity: "error",
      comment: "The Node composition and the Workers composition never use each other.",
      from: { path: "^src/workers/" },
      to: { path: "^src/node/" },
    },
    {
      name: "below-http-imports-no-http",
      severity: "error",
      comment: "Use cases, domain, repositories and infrastructure import no route, console page or the app.",
      from: { path: "^src/", pathNot: `${ENTRY}|${COMPOSITION}|${HTTP}` },
      to: { path: HTTP },
    },
    {
      name: "below-use-cases-imports-no-use-case",
      severity: "error",
      comment: "Domain, repositories and infrastructure are called by use cases, never the other way round.",
      from: { path: "^src/", pathNot: `${ENTRY}|${COMPOSITION}|${HTTP}|${USE_CASES}` },
      to: { path: USE_CASES },
    },
    {
      name: "pure-core-no-io",
      severity: "error",
      comment: "Scoring, policy, the guard, the commitment renderer, triage and the budget rule are plain functions: no database, cache, client, queue or Node built-in.",
      from: { path: PURE },
      to: { path: IO },
    },
    {
      name: "pure-core-no-io-packages",
      severity: "error",
      comment: "The pure core uses no driver, queue, HTTP client or Node built-in module.",
      from: { path: PURE },
      to: { path: "^node_modules/(drizzle-orm|postgres|@electric-sql|ioredis|bullmq|@shopify|hono|ai|@ai-sdk)/" },
    },
    {
      name: "pure-core-no-node-builtins",
      severity: "error",
      from: { path: PURE },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "infrastructure-is-low",
      severity: "error",
      comment: "db, cache, queue, lib, log, http and config import only each other, the schema and the ports' types.",
      from: { path: INFRA },
      to: { path: "^src/", pathNot: `${INFRA}|^src/services\\.ts$` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/workers/assets\\.d\\.ts$" },
  },
};
