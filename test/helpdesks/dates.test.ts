/** Vendor dates without an offset are read in the helpdesk account's time zone (src/helpdesks/dates.ts), never the server's. */
import { describe, expect, it } from "vitest";
import { vendorInstant, wallClockToInstant } from "../../src/helpdesks/dates";

describe("vendorInstant", () => {
  it("reads Gorgias's offset-less created_datetime in the account's zone, microseconds truncated", () => {
    expect(vendorInstant("2021-01-07T13:00:00.123456", "UTC")).toBe("2021-01-07T13:00:00.123Z");
    expect(vendorInstant("2021-01-07T13:00:00.123456", "Europe/Paris")).toBe("2021-01-07T12:00:00.123Z");
    expect(vendorInstant("2021-07-07T13:00:00", "America/New_York")).toBe("2021-07-07T17:00:00.000Z");
  });
  it("keeps an instant that carries its offset, whatever the zone", () => {
    expect(vendorInstant("2025-01-08T10:12:07Z", "Asia/Tokyo")).toBe("2025-01-08T10:12:07.000Z");
    expect(vendorInstant("2021-12-31T19:00:00-05:00", "Europe/Paris")).toBe("2022-01-01T00:00:00.000Z");
    expect(vendorInstant("2026-06-09T08:36:44.304701605Z", "UTC")).toBe("2026-06-09T08:36:44.304Z");
  });
  it("does not depend on the server's time zone", () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Auckland";
      expect(vendorInstant("2021-01-07T13:00:00", "UTC")).toBe("2021-01-07T13:00:00.000Z");
    } finally {
      process.env.TZ = before;
    }
  });
  it("reads a wall-clock time across daylight-saving changes", () => {
    // Europe/London springs forward at 01:00 UTC on 2024-03-31: 01:30 local does not exist.
    expect(vendorInstant("2024-03-31T00:30:00", "Europe/London")).toBe("2024-03-31T00:30:00.000Z");
    expect(vendorInstant("2024-03-31T02:30:00", "Europe/London")).toBe("2024-03-31T01:30:00.000Z");
    expect(vendorInstant("2024-03-31T01:30:00", "Europe/London")).toBe("2024-03-31T01:30:00.000Z");
    // Falls back at 01:00 UTC on 2024-10-27: 01:30 local happens twice; the first is taken.
    expect(vendorInstant("2024-10-27T01:30:00", "Europe/London")).toBe("2024-10-27T00:30:00.000Z");
    expect(new Date(wallClockToInstant(Date.UTC(2024, 9, 27, 1, 30), "Europe/London")).toISOString()).toBe("2024-10-27T00:30:00.000Z");
    expect(new Date(wallClockToInstant(Date.UTC(2024, 0, 1, 12), "Australia/Lord_Howe")).toISOString()).toBe("2024-01-01T01:00:00.000Z");
  });
  it("returns undefined for what it cannot read without guessing", () => {
    for (const s of ["", "April 17, 2024 17:18", "2021-13-07T13:00:00", "2021-04-31T10:00:00", "{{ticket.created_at}}", null, undefined])
      expect(vendorInstant(s, "UTC")).toBeUndefined();
  });
});
