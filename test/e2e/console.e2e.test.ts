/**
 * The console's main flows in a real browser: playwright-core driving Debian's Chromium
 * (/usr/bin/chromium, installed by .ci/run with apt), headless, against the real app (demo store
 * clone in PostgreSQL, Redis) served over HTTP on localhost with the console mounted as in
 * production. Sign in, open the queue, open the seed's retention ticket for customer 17580, edit
 * (live diff), approve with edits, see it in the ledger, export CSV, and an agent refused the
 * ledger; the same pages at 390 px. Screenshots go to test/artifacts/ (not committed).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, startConsoleApp, USERS, type ConsoleTestApp } from "../console/helpers";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

let t: ConsoleTestApp;
let server: ServerType;
let base: string;
let browser: Browser;
let draftId: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run "apt-get install -y chromium" (as .ci/run does) or set CHROMIUM_PATH`);
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startConsoleApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  const r = await t.retentionTicket();
  draftId = r.draft.id;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(() => r(undefined)) : r(undefined)));
  await t?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${base}/console/queue`);
  expect(new URL(page.url()).pathname).toBe("/console/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/console/queue`);
}

/** Every visible form control has an accessible label (a <label>, aria-label or aria-labelledby). */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => (el as HTMLInputElement).type !== "hidden")
      .filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("the console in Chromium", () => {
  it("signs an agent in, opens the retention ticket from the queue by keyboard, edits with a live diff, and approves with edits", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, USERS.agent);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "__Host-sc_session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });

    await expect(page.locator(`a[href="/console/drafts/${draftId}"]`)).toBeDefined();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-1280.png"), fullPage: true });

    // Keyboard: the first Tab reaches the skip link; "j" moves to the first draft, Enter opens it.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press("j");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    expect(focused).toMatch(/^\/console\/drafts\//);
    await page.goto(`${base}/console/drafts/${draftId}`);
    expect(await page.locator("#ticket-body").textContent()).toContain("I'm thinking about trying a different supplier.");
    expect(await page.locator("#decision-summary").textContent()).toContain("15% offered");
    expect(await page.locator("aside").textContent()).toContain("Customer #17580");
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await page.locator("#approve-edited").isDisabled()).toBe(true);

    // "e" focuses the editor; typing shows the change in the live diff.
    await page.locator("h1").click();
    await page.keyboard.press("e");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("draft-body");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n\nP.S. Thank you for sticking with us.");
    await expect.poll(() => page.locator("#diff-live ins").allTextContents()).toEqual([expect.stringContaining("Thank you for sticking with us.")]);
    expect(await page.locator("#approve-edited").isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, "ticket-1280.png"), fullPage: true });

    // Ctrl+Enter in the editor approves with edits.
    await Promise.all([page.waitForURL(`${base}/console/drafts/${draftId}?done=approved`), page.keyboard.press("Control+Enter")]);
    expect(await page.locator("#draft-status").textContent()).toContain("approved");
    expect(await page.locator("#draft-status").textContent()).toContain("edited by the agent");
    expect(await page.locator("#sent-body").textContent()).toContain("P.S. Thank you for sticking with us.");
    expect(await page.locator("#delivery").textContent()).toMatch(/Ledger entry #\d+: 15%/);
    await page.screenshot({ path: path.join(ARTIFACTS, "ticket-approved-1280.png"), fullPage: true });

    // An agent is refused the ledger.
    const refused = await page.goto(`${base}/console/ledger`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Not allowed");
    await context.close();
  });

  it("shows the approved offer to a manager in the ledger and exports it as CSV", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, USERS.manager);
    await page.getByRole("link", { name: "Ledger" }).click();
    await page.waitForURL(`${base}/console/ledger`);
    const table = await page.locator("#ledger-table").textContent();
    expect(table).toContain(USERS.agent);
    expect(table).toContain("#17580");
    expect(table).toContain("15%");
    expect(await page.locator("#total-offers").textContent()).toBe("1");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "ledger-1280.png"), fullPage: true });

    await page.getByLabel("Agent", { exact: true }).selectOption(USERS.agent);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/agent=/);
    expect(page.url()).not.toContain("%40customers.example");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^offer_id,created_at,customer_id,ticket_id,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("gid://shopify/Customer/17580");
    expect(lines[1]).toContain(USERS.agent);
    expect(lines[1]).toContain("retention_offer,15,false,15,approved");
    await context.close();
  });

  it("keeps the queue, the ticket and the ledger usable at 390 px: no sideways scrolling of the page", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const r = await t.retentionTicket();
    await signIn(page, USERS.manager);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-390.png"), fullPage: true });
    await page.goto(`${base}/console/drafts/${r.draft.id}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(
      await page
        .locator("#draft-body")
        .boundingBox()
        .then((b) => b!.width),
    ).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, "ticket-390.png"), fullPage: true });
    await page.goto(`${base}/console/ledger`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "ledger-390.png"), fullPage: true });
    await context.close();
  });
});
