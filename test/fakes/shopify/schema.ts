/**
 * The real Shopify Admin GraphQL schema, 2025-01, from the introspection result the project ships in
 * ../shared/data/shopify (Shopify/dev-mcp, ISC). Built once per process.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_SCHEMA_VERSION = "2025-01";
export const ADMIN_SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../../shared/data/shopify/admin_schema_2025-01.json.gz");

let schema: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const json = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_FILE)).toString("utf8")) as { data: IntrospectionQuery };
    schema = buildClientSchema(json.data);
  }
  return schema;
}
