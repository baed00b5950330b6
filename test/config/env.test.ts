/** The environment is parsed once; a bad variable stops start-up with a message that names it. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../src/config/env";

const fails = (env: Record<string, string>) => {
  try {
    parseEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("parseEnv", () => {
  it("gives the embedded default with no configuration", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 8787, DATA_DIR: ".data", DEMO_IMPORT: "auto", PROCESS_ROLE: "all", SCORES_SOURCE: "internal" });
  });
  it("names a variable of the wrong type or range", () => {
    expect(fails({ PORT: "eighty" })).toMatch(/^Invalid configuration:\n {2}PORT: /);
    expect(fails({ API_KEY: "short" })).toMatch(/API_KEY: API_KEY must be at least 16 characters/);
    expect(fails({ DATABASE_URL: "not a url" })).toMatch(/DATABASE_URL/);
    expect(fails({ STORE_TIMEZONE: "Europe/Londres" })).toMatch(/STORE_TIMEZONE: STORE_TIMEZONE must be an IANA time zone/);
    expect(parseEnv({ STORE_TIMEZONE: "America/New_York" }).STORE_TIMEZONE).toBe("America/New_York");
  });
  it("needs the Quimbi URL and key when scores come from Quimbi", () => {
    const m = fails({ SCORES_SOURCE: "quimbi" });
    expect(m).toMatch(/QUIMBI_BASE_URL: required/);
    expect(m).toMatch(/QUIMBI_API_KEY: required/);
  });
  it("needs a shared PostgreSQL for split web and worker processes", () => {
    expect(fails({ PROCESS_ROLE: "worker" })).toMatch(/PROCESS_ROLE: web and worker processes share a PostgreSQL server/);
    expect(parseEnv({ PROCESS_ROLE: "web", DATABASE_URL: "postgres://u@127.0.0.1:5432/db" }).PROCESS_ROLE).toBe("web");
  });
  it("needs Shopify's token and secret with a shop", () => {
    const m = fails({ SHOPIFY_SHOP: "acme.myshopify.com" });
    expect(m).toMatch(/SHOPIFY_ADMIN_ACCESS_TOKEN: required/);
    expect(m).toMatch(/SHOPIFY_API_SECRET: required/);
  });
});
