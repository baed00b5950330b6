/** Node only: jsdiff's browser build, read from node_modules once (the Worker bundles it instead). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let diffJs: string | null = null;

/** jsdiff's UMD build (defines `window.Diff`). */
export function diffLibrary(): string {
  if (diffJs === null) {
    const pkg = createRequire(import.meta.url).resolve("diff/package.json");
    diffJs = readFileSync(path.join(path.dirname(pkg), "dist", "diff.min.js"), "utf8");
  }
  return diffJs;
}
