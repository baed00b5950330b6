/**
 * `npm run -s mcp`: the MCP server over stdio, for a local agent (Claude Desktop, Claude Code,
 * Cursor) that starts it as a child process. It opens the configured database and services as
 * `npm start` does (the same environment variables), checks the API key in `COPILOT_API_KEY` the
 * way `/v1` does (the configured `API_KEY` acts as admin; a key from Admin > Keys acts with its
 * role), and serves the tools of src/mcp/server.ts on stdin/stdout. Logs go to stderr: stdout is
 * the protocol's. No HTTP port is opened and no job worker runs here.
 *
 * With the embedded database (no DATABASE_URL), PGlite's files belong to one process: stop
 * `npm start` first, or use the HTTP endpoint `/mcp` of the running service instead.
 *
 * Exit codes: 0 when the client closes stdin, 2 for a bad environment or a missing or wrong key.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { authenticateApiKey } from "../auth/api-key-middleware";
import { ConfigError, parseEnv } from "../config/env";
import type { Logger, LogFields } from "../log/logger";
import { createMcpServer } from "../mcp/server";
import { bootstrap } from "../node/bootstrap";

/** JSON lines on stderr: stdout carries the MCP messages. */
const stderrLogger: Logger = {
  info: (msg: string, fields?: LogFields) => console.error(JSON.stringify({ level: "info", time: new Date().toISOString(), msg, ...fields })),
  warn: (msg: string, fields?: LogFields) => console.error(JSON.stringify({ level: "warn", time: new Date().toISOString(), msg, ...fields })),
  error: (msg: string, fields?: LogFields) => console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), msg, ...fields })),
};

function fail(message: string): never {
  console.error(`support-copilot mcp: ${message}`);
  process.exit(2);
}

async function main() {
  const key = process.env.COPILOT_API_KEY?.trim();
  if (!key) fail("set COPILOT_API_KEY to an API key of this service (API_KEY, or one from the console's Admin > Keys)");
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  // HTTP and the job workers stay with `npm start`: this process only answers its client.
  const rt = await bootstrap({ ...env, PROCESS_ROLE: "web" }, { log: stderrLogger });
  const caller = await authenticateApiKey(rt.services, key);
  if (!caller) {
    await rt.close();
    fail("the API key in COPILOT_API_KEY is not valid");
  }
  if (rt.firstAdmin) stderrLogger.info("first admin created", { email: rt.firstAdmin.email, one_time_password: rt.firstAdmin.password });
  const server = createMcpServer(rt.services, caller);
  const transport = new StdioServerTransport();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await rt.close();
    process.exit(0);
  };
  transport.onclose = () => void close();
  process.stdin.on("end", () => void close());
  process.on("SIGINT", () => void close());
  process.on("SIGTERM", () => void close());
  await server.connect(transport);
  stderrLogger.info("mcp server on stdio", { actor: caller.actor, role: caller.role });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
