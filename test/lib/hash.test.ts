import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacBase64, randomToken, safeEqual, sha256Base64Url, sha256Hex } from "../../src/lib/hash";

// node:crypto is the independent reference: the module must agree with it byte for byte.
const texts = ["", "abc", "support-copilot:3f2a", "naïve £15 – ünïcödé ✓ 😊", "x".repeat(10_000)];

describe("hash", () => {
  it("computes SHA-256 as node:crypto does, in hex and base64url", () => {
    for (const t of texts) {
      expect(sha256Hex(t)).toBe(createHash("sha256").update(t, "utf8").digest("hex"));
      expect(sha256Base64Url(t)).toBe(createHash("sha256").update(t, "utf8").digest("base64url"));
    }
    // FIPS 180-4 test vector
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("signs as the vendors do: base64 HMAC-SHA256 and HMAC-SHA1 of the UTF-8 bytes", () => {
    for (const t of texts) {
      expect(hmacBase64("sha256", "s3cr3t-ü", t)).toBe(createHmac("sha256", "s3cr3t-ü").update(t, "utf8").digest("base64"));
      expect(hmacBase64("sha1", "s3cr3t", t)).toBe(createHmac("sha1", "s3cr3t").update(t, "utf8").digest("base64"));
    }
  });
  it("compares secrets: equal only when equal, whatever the lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
  it("makes random base64url tokens of the requested strength", () => {
    const a = randomToken(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(32)).not.toBe(a);
    expect(randomToken(24)).toHaveLength(32);
  });
});
