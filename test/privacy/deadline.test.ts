/** The statutory deadline of a data-protection request and the regime that sets it (src/privacy/deadline.ts). */
import { describe, expect, it } from "vitest";
import { addBusinessDays, addCalendarMonth, addDays, countryCode, lawsNamed, localDate, statutoryDeadline } from "../../src/privacy/deadline";

describe("time limits as the laws count them", () => {
  it("counts one calendar month to the corresponding date, or the next month's last day when it has none (ICO)", () => {
    expect(addCalendarMonth("2024-03-03")).toBe("2024-04-03");
    expect(addCalendarMonth("2024-01-31")).toBe("2024-02-29");
    expect(addCalendarMonth("2023-01-31")).toBe("2023-02-28");
    expect(addCalendarMonth("2011-10-31")).toBe("2011-11-30");
    expect(addCalendarMonth("2024-12-15")).toBe("2025-01-15");
  });

  it("counts 45 calendar days and 15 business days (Monday to Friday) for the CCPA", () => {
    expect(addDays("2024-01-01", 45)).toBe("2024-02-15");
    // Friday 1 March 2024: the 15th weekday after it is Friday 22 March.
    expect(addBusinessDays("2024-03-01", 15)).toBe("2024-03-22");
    // From a Saturday: Monday is the first business day.
    expect(addBusinessDays("2024-03-02", 1)).toBe("2024-03-04");
  });

  it("refuses a received date that is not YYYY-MM-DD", () => {
    expect(() => addCalendarMonth("31/01/2024")).toThrow(/YYYY-MM-DD/);
  });

  it("takes the received day in the store's time zone", () => {
    // 23:30 UTC on 31 March 2024 is 00:30 on 1 April in London (summer time began that morning).
    expect(localDate(new Date("2024-03-31T23:30:00Z"), "Europe/London")).toBe("2024-04-01");
    expect(localDate(new Date("2024-03-31T23:30:00Z"), "UTC")).toBe("2024-03-31");
  });
});

describe("which regime sets the deadline", () => {
  const base = { receivedOn: "2024-03-01", text: "Please delete my data.", customerCountry: null, storeCountry: null } as const;

  it("gives a UK customer of a UK store one calendar month under the UK GDPR", () => {
    const d = statutoryDeadline({ ...base, right: "erasure", customerCountry: "United Kingdom", storeCountry: "GB" });
    expect(d).toMatchObject({ regime: "uk_gdpr", due_on: "2024-04-01", rule: "one calendar month (UK GDPR Art. 12(3))" });
    expect(d.candidates.map((c) => c.source)).toEqual(["customer_country", "store_country"]);
  });

  it("lists both laws for a German customer of a UK store, and names the customer's on a tie", () => {
    const d = statutoryDeadline({ ...base, right: "access", customerCountry: "Germany", storeCountry: "GB" });
    expect(d.regime).toBe("gdpr");
    expect(d.candidates.map((c) => [c.regime, c.due_on])).toEqual([
      ["gdpr", "2024-04-01"],
      ["uk_gdpr", "2024-04-01"],
    ]);
  });

  it("keeps the UK store's month for a US customer's erasure, but the CCPA's 15 business days for opting out of sale", () => {
    expect(statutoryDeadline({ ...base, right: "erasure", customerCountry: "USA", storeCountry: "GB" })).toMatchObject({
      regime: "uk_gdpr",
      due_on: "2024-04-01",
    });
    expect(statutoryDeadline({ ...base, right: "do_not_sell", customerCountry: "USA", storeCountry: "GB" })).toMatchObject({
      regime: "ccpa",
      due_on: "2024-03-22",
      rule: "15 business days (CCPA Regulations 7026(f))",
    });
  });

  it("gives a US store's US customer 45 days", () => {
    expect(statutoryDeadline({ ...base, right: "access", customerCountry: "US", storeCountry: "US" })).toMatchObject({ regime: "ccpa", due_on: "2024-04-15" });
  });

  it("adds the law a request names to the candidates, and the earliest deadline wins", () => {
    const ccpa = statutoryDeadline({ ...base, right: "access", text: "Under the CCPA I want to know what you hold." });
    expect(ccpa).toMatchObject({ regime: "ccpa", due_on: "2024-04-15" });
    expect(ccpa.candidates).toEqual([{ regime: "ccpa", source: "request", detail: "ccpa", due_on: "2024-04-15" }]);
    // A Californian writing to a UK store: the store's law is a month, sooner than 45 days.
    expect(statutoryDeadline({ ...base, right: "access", text: "I live in California.", storeCountry: "GB" }).regime).toBe("uk_gdpr");
  });

  it("considers every regime when nothing is known, so the deadline is never later than any of them", () => {
    const d = statutoryDeadline({ ...base, right: "erasure" });
    expect(d.candidates.map((c) => c.regime)).toEqual(["gdpr", "uk_gdpr", "ccpa"]);
    expect(d).toMatchObject({ regime: "gdpr", due_on: "2024-04-01" });
    expect(statutoryDeadline({ ...base, right: "do_not_sell" })).toMatchObject({ regime: "ccpa", due_on: "2024-03-22" });
  });

  it("adds nothing for a country outside the laws it models, and falls back to the store's", () => {
    expect(statutoryDeadline({ ...base, right: "erasure", customerCountry: "Japan", storeCountry: "GB" }).candidates.map((c) => c.source)).toEqual([
      "store_country",
    ]);
  });
});

describe("reading countries and laws", () => {
  it("reads codes, English names and the demo store's spellings", () => {
    expect(["GB", "gb", "United Kingdom", "EIRE", "USA", "European Community", "Portugal", "Czech Republic", "  ", null].map(countryCode)).toEqual([
      "GB",
      "GB",
      "GB",
      "IE",
      "US",
      "EU",
      "PT",
      "CZ",
      null,
      null,
    ]);
  });

  it("tells the UK GDPR from the GDPR, and reads the law's name in other languages", () => {
    expect(lawsNamed("under the UK GDPR").map((l) => l.regime)).toEqual(["uk_gdpr"]);
    expect(lawsNamed("conformément au RGPD").map((l) => l.regime)).toEqual(["gdpr"]);
    expect(lawsNamed("nach der Datenschutz-Grundverordnung").map((l) => l.regime)).toEqual(["gdpr"]);
    expect(lawsNamed("I'd like a copy of my order history")).toEqual([]);
  });
});
