/** `wrangler deploy --dry-run` builds the Worker within Cloudflare's size limit and without Node-only modules. */
import { describe, expect, it } from "vitest";
import { checkWorkerBundle, MAX_GZIP_BYTES } from "../../scripts/check-worker-bundle";

describe("the Workers bundle", () => {
  it("builds with wrangler deploy --dry-run under 3 MiB gzip, with no Node-only module in it", () => {
    const rep = checkWorkerBundle();
    console.log(`worker bundle: ${(rep.rawBytes / 1048576).toFixed(2)} MiB raw, ${(rep.gzipBytes / 1048576).toFixed(2)} MiB gzip`);
    expect(rep.offenders).toEqual([]);
    expect(rep.gzipBytes).toBeLessThan(MAX_GZIP_BYTES);
  }, 180_000);
});
