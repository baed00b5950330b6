/**
 * The module scripts/build-worker-assets.ts generates (`.generated/worker/assets.js`), aliased as
 * `copilot-worker-assets` in wrangler.toml so that type-checking never needs the generated file.
 */
declare module "copilot-worker-assets" {
  import type { OfflineClassifierJSON } from "../ai/triage/offline";
  import type { Prompt } from "../ai/prompts";
  import type { Article } from "../knowledge/types";

  const assets: {
    classifier: OfflineClassifierJSON;
    prompts: Prompt[];
    /** Validated by the build step; validated again by the Worker (the schema may have moved on). */
    policy: unknown;
    /** drizzle's `MigrationMeta[]`: every migration of `drizzle/`, split at its statement breakpoints. */
    migrations: { sql: string[]; bps: boolean; folderMillis: number; hash: string }[];
    /** jsdiff's browser build, served by the console at /console/assets/diff.js. */
    diffJs: string;
    /** The help articles of KNOWLEDGE_DIR, parsed at build time (gray-matter is Node-only). */
    knowledge: Article[];
  };
  export default assets;
}
