/**
 * `/mcp`: the MCP server over Streamable HTTP (MCP 2025-11-25), stateless: every POST gets a
 * fresh server and transport for the calling key (src/mcp/server.ts), answered as JSON, so any
 * instance (Node or Workers) can serve any request and nothing is kept between them. GET (a
 * server-initiated event stream) and DELETE (ending a session) have nothing to serve without
 * sessions: 405, as the specification allows. Mounted behind `requireAnyApiKey`.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono, type Context } from "hono";
import type { Env } from "../auth/api-key-middleware";
import { problem } from "../http/problem";
import { createMcpServer } from "./server";

export const mcpRoutes = new Hono<Env>();

mcpRoutes.post("/", async (c) => {
  const role = c.var.apiRole;
  if (!role) return problem(c, 401, "Unauthorized", "send Authorization: Bearer <API_KEY>");
  const server = createMcpServer(c.var.services, { actor: c.var.actor, role });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(c.req.raw);
  } finally {
    // With JSON responses the answer is complete here; closing frees the server's handlers.
    await server.close();
  }
});

const notAllowed = (c: Context<Env>) => {
  c.header("Allow", "POST");
  return problem(c, 405, "Method Not Allowed", "this MCP server is stateless: POST JSON-RPC messages to /mcp");
};
mcpRoutes.get("/", notAllowed);
mcpRoutes.delete("/", notAllowed);
