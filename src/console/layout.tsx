/**
 * The console's page frame and small shared pieces. hono/jsx escapes every text and attribute, and
 * nothing here uses raw HTML, so ticket bodies, names and reasons always render as text.
 */
import type { Child } from "hono/jsx";
import { can } from "../auth/roles";
import type { UserRow } from "../auth/users";
import { formatMoney } from "../lib/money";

export const ASSET_VERSION = "2";

/** Money in minor units as "£1,234.56" (src/lib/money.ts). */
export const money = formatMoney;

export const pct = (v: number) => `${Math.round(v * 100)}%`;
export const day = (iso: string | Date | null | undefined) => (iso ? new Date(iso).toISOString().slice(0, 10) : "–");
export const dateTime = (iso: string | Date | null | undefined) => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC` : "–");

/** A hidden CSRF field for a form. */
export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

function Nav(props: { user: UserRow; csrf: string; active?: string }) {
  const link = (href: string, label: string, key: string) => (
    <li>
      <a href={href} aria-current={props.active === key ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label="Console">
      <ul>
        {link("/console/queue", "Queue", "queue")}
        {can(props.user.role, "ledger.read") ? link("/console/ledger", "Ledger", "ledger") : null}
        {can(props.user.role, "policy.write") ? link("/console/policy", "Policy", "policy") : null}
        {can(props.user.role, "users.manage") ? link("/console/admin/users", "Users", "users") : null}
        {can(props.user.role, "keys.manage") ? link("/console/admin/keys", "API keys", "keys") : null}
        {can(props.user.role, "privacy.manage") ? link("/console/privacy", "Privacy tasks", "privacy") : null}
      </ul>
      {/* biome-ignore lint/a11y/useSemanticElements: role=search on the form is the ARIA landmark every browser we support knows; the <search> element is too new (2023) */}
      <form method="get" action="/console/customers" role="search" class="customer-search">
        <label for="customer-search" class="sr-only">
          Find a customer
        </label>
        <input id="customer-search" name="query" type="search" maxlength={200} placeholder="Customer: email, name, id or order #" />
        <button type="submit">Find</button>
      </form>
      <form method="post" action="/console/logout" class="signout">
        <Csrf token={props.csrf} />
        <span class="who">
          {props.user.name} ({props.user.role})
        </span>
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}

/** The page frame: skip link, header with navigation, main landmark. */
export function Layout(props: { title: string; user?: UserRow | null; csrf?: string; active?: string; children?: Child; wide?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Support copilot`}</title>
        <link rel="stylesheet" href={`/console/assets/console.css?v=${ASSET_VERSION}`} />
        <script src={`/console/assets/diff.js?v=${ASSET_VERSION}`} defer></script>
        <script src={`/console/assets/console.js?v=${ASSET_VERSION}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">Support copilot</span>
          {props.user && props.csrf !== undefined ? <Nav user={props.user} csrf={props.csrf} active={props.active} /> : null}
        </header>
        <main id="main" tabindex={-1} class={props.wide ? "wide" : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A status message; `role="status"` so screen readers announce it. Errors use `role="alert"`. */
/**
 * A scrollable, keyboard-focusable table region with a caption for screen readers: the header row
 * from `columns`, the body rows as children.
 */
export function DataTable(props: { label: string; columns: string[]; children?: Child }) {
  return (
    <section class="table-wrap" tabindex={0} aria-label={props.label}>
      <table>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  );
}

export function Notice(props: { kind: "ok" | "error" | "info"; children?: Child }) {
  return (
    <p class={`notice ${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </p>
  );
}

export function ErrorPage(props: { status: number; title: string; detail: string; user?: UserRow | null }) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      <Notice kind="error">{props.detail}</Notice>
      <p>
        <a href="/console/queue">Back to the queue</a> · <a href="/console/login">Sign in</a>
      </p>
    </Layout>
  );
}

/** A labelled form field in a grid form: the label above its control, tied by the control's `id`. */
export function Field(props: { id: string; label: string; children?: Child }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A grid form's primary submit button, in a cell of its own. */
export function SubmitCell(props: { label: string }) {
  return (
    <div>
      <button type="submit" class="primary">
        {props.label}
      </button>
    </div>
  );
}
