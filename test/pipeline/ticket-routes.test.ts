/** The shared route cases (test/shared/ticket-routes.ts) on the Node app; the Worker runs the same. */
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";
import { ticketRouteCases } from "../shared/ticket-routes";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

ticketRouteCases(
  () => ({
    fetch: async (path, init) => t.app.request(path, init),
    countRows: async (table) => (await t.rt.services.db.select({ n: count() }).from(sql`${sql.identifier(table)}`))[0]!.n,
  }),
  TEST_API_KEY,
);
