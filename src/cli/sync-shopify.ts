/**
 * `npm run sync:shopify`: syncs orders from the configured shop into the database (resuming an
 * unfinished run), then retries webhook events that failed. Exit codes: 0 done, 1 failed (progress
 * kept; run again to resume), 2 bad or missing configuration.
 */
import { ConfigError, parseEnv } from "../config/env";
import { bootstrap } from "../node/bootstrap";
import { ShopifyConfigError, parseShopifyEnv } from "../config/shopify";
import { createShopifyDeps } from "../shopify";
import { createNodeShopifyClient } from "../shopify/node";
import { syncAllOrders, syncShopPolicies } from "../shopify/sync";
import { processPendingWebhooks } from "../shopify/events";

async function main() {
  let env: ReturnType<typeof parseEnv>;
  let shopify: ReturnType<typeof parseShopifyEnv>;
  try {
    env = parseEnv(process.env);
    shopify = parseShopifyEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ShopifyConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (!shopify) {
    console.error("SHOPIFY_SHOP is not set: nothing to sync (see README, Shopify).");
    process.exit(2);
  }
  const rt = await bootstrap({ ...env, DEMO_IMPORT: "off" });
  try {
    const client = createNodeShopifyClient(shopify, { log: rt.services.log });
    const result = await syncAllOrders(rt.services.db, client, { resume: !process.argv.includes("--restart"), log: (l) => console.log(l) });
    console.log(JSON.stringify(result));
    console.log(`shop policies: ${JSON.stringify(await syncShopPolicies(rt.services.db, client))}`);
    const retried = await processPendingWebhooks(rt.services, createShopifyDeps(rt.services, client, { ttlSeconds: shopify.cacheTtlSeconds }));
    if (retried) console.log(`retried ${retried} webhook events`);
  } finally {
    await rt.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
