/** The draft page shows the triage's confidence beside the decision, and says when no money was offered on an unclear reading. */
import { describe, expect, it } from "vitest";
import { useConsoleApp } from "./helpers";

const t = useConsoleApp();

describe("the triage note on the draft page", () => {
  it("shows the family, its confidence and the runner-up for a clear reading", async () => {
    const r = await t.retentionTicket();
    const html = await (await (await t.signIn("agent")).get(`/console/drafts/${r.draft.id}`)).text();
    expect(html).toMatch(/id="triage-note">\s*Triage: retention risk, confidence [01]\.\d\d · runner-up [a-z ]+ \([01]\.\d\d\)/);
  });

  it("says an unclear reading earned no money and the agent decides, with the confidence and the best guess", async () => {
    const r = await t.retentionTicket({ subject: "", body: "asdkjh qwpeoiru zxmcnv" });
    expect(r.decision.discount_percent).toBe(0);
    const html = await (await (await t.signIn("agent")).get(`/console/drafts/${r.draft.id}`)).text();
    expect(html).toMatch(/Triage unclear \(confidence 0\.\d\d\): no money is offered on a guess; the agent decides\. The best guess [a-z ]+ \(0\.\d\d\)\./);
    expect(html).toContain("No offer: triage unclear (confidence");
  });
});
