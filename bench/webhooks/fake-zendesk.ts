/**
 * The fake Zendesk API (test/fakes/helpdesks/server.ts) in its own process, so the inbound jobs'
 * requester look-ups (`GET /api/v2/users/{id}.json`) are answered without sharing an event loop
 * with the load generator. Users come as a JSON file `[[id, email, name], ...]` (argv[2]).
 * Prints `ready <url>`; the fake's request log is trimmed so memory stays flat over a long run.
 */
import { readFileSync } from "node:fs";
import { startFakeHelpdesk } from "../../test/fakes/helpdesks/server";

const usersFile = process.argv[2];
if (!usersFile) throw new Error("usage: fake-zendesk.ts USERS.json");
const users = JSON.parse(readFileSync(usersFile, "utf8")) as [string, string, string][];
const fake = await startFakeHelpdesk();
for (const [id, email, name] of users) fake.users.set(id, { email, name });
setInterval(() => fake.requests.splice(0), 1000).unref();
console.log(`ready ${fake.url}`);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
