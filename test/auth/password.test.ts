import { describe, expect, it } from "vitest";
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from "../../src/auth/password";
import { can } from "../../src/auth/roles";

const FAST = { N: 2 ** 12, r: 8, p: 1 };

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const h = await hashPassword("correct horse battery staple", FAST);
    expect(h).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("correct horse battery staple", h)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", h)).toBe(false);
  });

  it("salts every hash, so one password never hashes the same twice", async () => {
    expect(await hashPassword("same password here", FAST)).not.toBe(await hashPassword("same password here", FAST));
  });

  it("uses OWASP's scrypt minimum by default and flags weaker stored hashes for rehash", async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    const weak = await hashPassword("x".repeat(12), FAST);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });

  it("never matches a malformed stored hash", async () => {
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$0$8$1$AAAA$BBBB")).toBe(false);
  });
});

describe("roles", () => {
  it("lets agents review but not read the ledger; managers the ledger and policy; only admins users and keys", () => {
    expect(can("agent", "drafts.review")).toBe(true);
    expect(can("agent", "ledger.read")).toBe(false);
    expect(can("manager", "ledger.export")).toBe(true);
    expect(can("manager", "policy.write")).toBe(true);
    expect(can("manager", "users.manage")).toBe(false);
    expect(can("admin", "keys.manage")).toBe(true);
    expect(can("root", "drafts.review")).toBe(false);
  });
});
