/** What the pipeline takes from a detection: the rights a privacy task records, and the categories a follow-up carries. */
import { describe, expect, it } from "vitest";
import { detectHandover } from "../../src/handover/detect";
import { detectTicketHandover, privacyRights } from "../../src/pipeline/handover";

const rights = (text: string) => privacyRights(detectHandover(text)).map((r) => r.right);

describe("the rights a data-protection request exercises", () => {
  it("reads each right with the customer's words", () => {
    expect(privacyRights(detectHandover("Do not sell or share my personal information."))).toEqual([
      { right: "do_not_sell", evidence: "Do not sell or share my personal information" },
    ]);
    expect(rights("Please correct the personal data you hold about me, my name is misspelled.")).toEqual(["rectification"]);
    expect(rights("Supprimez mes données conformément au RGPD.")).toEqual(["erasure"]);
  });

  it("reads 'delete my account and all the data you hold about me' as erasure, not a request for a copy", () => {
    expect(rights("Please delete my account and all the data you hold about me.")).toEqual(["erasure"]);
  });

  it("reads a law named alone as an access request, and adds nothing beside a named right", () => {
    expect(rights("This is a subject access request under the GDPR.")).toEqual(["access"]);
    expect(rights("Under the GDPR, delete my personal data.")).toEqual(["erasure"]);
  });

  it("records no right for a complaint about how data was handled", () => {
    const d = detectHandover("your data breach leaked my address, what are you doing about it");
    expect(d.findings.map((f) => f.category)).toEqual(["data_protection"]);
    expect(privacyRights(d)).toEqual([]);
  });
});

describe("a follow-up's hand-over", () => {
  it("carries the categories an earlier message raised, adds its own, in order of severity", () => {
    const earlier = detectHandover("I'm filing a chargeback with my bank.");
    const now = detectTicketHandover("Also you people are useless idiots.", earlier);
    expect(now.findings.map((f) => f.category)).toEqual(["chargeback_fraud", "abuse"]);
    expect(detectTicketHandover("Which colours do you recommend?", earlier)).toMatchObject({ handover: true, findings: [{ category: "chargeback_fraud" }] });
    expect(detectTicketHandover("Which colours do you recommend?", null).handover).toBe(false);
  });
});
