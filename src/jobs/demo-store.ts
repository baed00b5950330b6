/**
 * A database ready to serve the demo store: the committed migrations, the UCI online-retail
 * import, and a first scoring run at the store's as-of date. What `npm start` does on first start
 * against an empty database, as one call for tooling (the tests' template database, benchmarks).
 */
import { openDb } from "../db/client";
import { importOnlineRetail } from "../store/online-retail";
import { runScoringJob } from "./score";

/**
 * @param databaseUrl an empty PostgreSQL database
 * @param file the demo store's `online-retail.csv.gz`
 * @throws what the import or the migrations throw (the database is then incomplete)
 */
export async function prepareDemoDatabase(databaseUrl: string, file: string, log: (line: string) => void = () => {}): Promise<void> {
  const h = await openDb({ databaseUrl, max: 4 });
  try {
    await h.migrate();
    const demo = await importOnlineRetail(h.db, file, log);
    await runScoringJob(h.db, new Date(demo.asOf), log);
  } finally {
    await h.close();
  }
}
