/**
 * Property: the console's forms and filters (signed in as an admin, with a valid CSRF token)
 * never answer 5xx to generated values, and a refused form changes nothing (the draft stays
 * pending). Seeds are printed; see arbitraries.ts to replay.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type ConsoleTestApp, startConsoleApp } from "../console/helpers";
import { announce, nastyString, oddDate, params, pathSegment, queryValue } from "./arbitraries";

let t: ConsoleTestApp;
let admin: Client;
let draftId: string;
beforeAll(async () => {
  announce("console");
  t = await startConsoleApp();
  admin = await t.signIn("admin");
  draftId = (await t.retentionTicket()).draft.id;
});
afterAll(async () => {
  await t?.close();
});

const value = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: oddDate },
  { weight: 1, arbitrary: fc.constantFrom("", "approve", "approve_edited", "completed", "refused", "open", "agent", "manager", "10", "-1", "101") },
);

describe("fuzz: console forms", () => {
  it("posted forms and filters never answer 5xx", async () => {
    const action = fc.oneof(
      fc.record({
        path: fc.constantFrom("approve", "reject", "regenerate").map((a) => `/console/drafts/DRAFT/${a}`),
        form: fc.record({ action: value, body: value, reason: value, instruction: value }, { requiredKeys: [] }),
      }),
      fc.record({ path: pathSegment.map((p) => `/console/drafts/${p}/reject`), form: fc.record({ reason: value }, { requiredKeys: [] }) }),
      fc.record({ path: fc.constant("/console/admin/users"), form: fc.record({ email: value, name: value, role: value }, { requiredKeys: [] }) }),
      fc.record({ path: fc.constant("/console/admin/keys"), form: fc.record({ name: value, role: value }, { requiredKeys: [] }) }),
      fc.record({
        path: fc.constant("/console/ledger/corrections"),
        form: fc.record({ offer_id: value, reason: value, sent_percent: value, discount_code: value, note: value }, { requiredKeys: [] }),
      }),
      fc.record({ path: pathSegment.map((p) => `/console/privacy/${p}`), form: fc.record({ status: value, note: value }, { requiredKeys: [] }) }),
      fc.record({ path: fc.constant("/console/policy"), form: fc.record({ reason: value, "retention.max_discount_percent": value }, { requiredKeys: [] }) }),
      fc.record({
        path: fc.constant("GET"),
        form: fc.record({
          q: fc.constantFrom("/console/ledger", "/console/queue", "/console/ledger.csv", "/console/privacy"),
          from: queryValue,
          to: queryValue,
          agent: queryValue,
          rule: queryValue,
          archetype: queryValue,
          intent: queryValue,
          page: queryValue,
          status: queryValue,
        }),
      }),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(action, async (a) => {
        let res: Response;
        if (a.path === "GET") {
          const { q, ...rest } = a.form as Record<string, string>;
          res = await admin.get(
            `${q}?${Object.entries(rest)
              .map(([k, v]) => `${k}=${v}`)
              .join("&")}`,
          );
        } else {
          const form = Object.fromEntries(Object.entries(a.form).filter(([, v]) => v !== undefined)) as Record<string, string>;
          res = await admin.post(a.path.replace("DRAFT", draftId), form);
        }
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        const body = await res.text();
        if (res.status >= 500) throw new Error(`${a.path} answered ${res.status}: ${body.slice(0, 300)}`);
        // A decided draft (approved, rejected, regenerated) is replaced by a fresh pending one.
        if (a.path.includes(draftId) || a.path.includes("DRAFT")) {
          const d = (await (await t.call("GET", `/v1/drafts/${draftId}`)).json()) as { status: string };
          if (res.status >= 400 && res.status !== 409) expect(d.status).toBe("pending_review");
          if (d.status !== "pending_review") draftId = (await t.retentionTicket()).draft.id;
        }
      }),
      params,
    );
    console.log(`[fuzz] console statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
  });

  it("the forms' known trouble, every time: a NUL (a form cannot carry a lone surrogate: UTF-8 turns it into U+FFFD) in a reason, an instruction, an edited reply, a policy change's reason is a 400 that stores nothing", async () => {
    await admin.get(`/console/drafts/${draftId}`);
    for (const [path, form] of [
      [`/console/drafts/${draftId}/reject`, { reason: "no\u0000" }],
      [`/console/drafts/${draftId}/regenerate`, { instruction: "shorter \u0000" }],
      [`/console/drafts/${draftId}/approve`, { action: "approve_edited", body: "Hi\u0000" }],
      ["/console/policy", { reason: "tuning\u0000" }],
      ["/console/admin/users", { email: "x\u0000@shop.example", name: "X", role: "agent" }],
    ] as const) {
      const res = await admin.post(path, form);
      expect(res.status, path).toBe(400);
    }
    const d = (await (await t.call("GET", `/v1/drafts/${draftId}`)).json()) as { status: string; revision: number };
    expect(d).toMatchObject({ status: "pending_review", revision: 1 });
  });
});
