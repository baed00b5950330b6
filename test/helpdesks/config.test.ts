/** Helpdesk configuration at start-up (src/config/helpdesks.ts through parseEnv). */
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../src/config/env";
import { helpdeskConfigFromEnv } from "../../src/config/helpdesks";

const base = { API_KEY: "test-key-0123456789abcdef", DEMO_IMPORT: "off" };
const zendesk = { ZENDESK_WEBHOOK_SECRET: "zd-secret", ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "agent@acme.example", ZENDESK_API_TOKEN: "token" };

describe("Zendesk configuration", () => {
  it("refuses at start-up a webhook secret without the API credentials its ticket events need, naming each", () => {
    const attempt = () => parseEnv({ ...base, ZENDESK_WEBHOOK_SECRET: "zd-secret", ZENDESK_SUBDOMAIN: "acme" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/ZENDESK_EMAIL: required when ZENDESK_WEBHOOK_SECRET is set \(Zendesk's ticket events name the requester by id only/);
    expect(attempt).toThrow(/ZENDESK_API_TOKEN: required/);
    expect(() => parseEnv({ ...base, ZENDESK_WEBHOOK_SECRET: "zd-secret", ZENDESK_EMAIL: "a@b.c", ZENDESK_API_TOKEN: "t" })).toThrow(
      /ZENDESK_SUBDOMAIN: required/,
    );
  });
  it("builds the agent link from the subdomain alone, even when the API goes through another URL", () => {
    const cfg = helpdeskConfigFromEnv(parseEnv({ ...base, ...zendesk, ZENDESK_API_URL: "http://127.0.0.1:9/proxy/" }));
    expect(cfg.vendors.zendesk).toMatchObject({ webUrl: "https://acme.zendesk.com", apiUrl: "http://127.0.0.1:9/proxy" });
  });
});

describe("helpdesk time zones", () => {
  it("reads dates in UTC by default, in HELPDESK_TIMEZONE when set, and in a vendor's own zone when that is set", () => {
    const shared = { GORGIAS_WEBHOOK_SECRET: "gorgias-shared-secret-0123456789", FRESHDESK_WEBHOOK_SECRET: "freshdesk-shared-secret-0123456789" };
    expect(helpdeskConfigFromEnv(parseEnv({ ...base, ...shared })).vendors.gorgias?.timeZone).toBe("UTC");
    const cfg = helpdeskConfigFromEnv(parseEnv({ ...base, ...shared, HELPDESK_TIMEZONE: "America/New_York", GORGIAS_TIMEZONE: "Europe/Paris" }));
    expect(cfg.vendors.gorgias?.timeZone).toBe("Europe/Paris");
    expect(cfg.vendors.freshdesk?.timeZone).toBe("America/New_York");
  });
  it("refuses a zone that is not an IANA name", () => {
    expect(() => parseEnv({ ...base, HELPDESK_TIMEZONE: "CEST+2" })).toThrow(/HELPDESK_TIMEZONE: must be an IANA time zone/);
    expect(() => parseEnv({ ...base, GORGIAS_TIMEZONE: "Mars/Olympus" })).toThrow(/GORGIAS_TIMEZONE/);
  });
});

describe("Front configuration", () => {
  it("enables Front with only the rule-webhook secret (application webhooks are then refused, not checked against an empty key)", () => {
    const cfg = helpdeskConfigFromEnv(parseEnv({ ...base, FRONT_RULE_WEBHOOK_SECRET: "front-api-secret" }));
    expect(cfg.vendors.front).toMatchObject({ webhookSecret: "", ruleSecret: "front-api-secret" });
  });
});
