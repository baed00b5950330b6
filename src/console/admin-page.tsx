/**
 * Admin pages: users (create with a one-time password, change role, disable or enable, reset
 * password) and API keys (create, shown once; revoke). Secrets appear once, in the response to the
 * POST that made them (never in a URL, a log or a later page).
 * - GET/POST /console/admin/users, POST /console/admin/users/:id
 * - GET/POST /console/admin/keys,  POST /console/admin/keys/:id/revoke
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { createApiKey, listApiKeys, NewApiKeySchema, revokeApiKey } from "../auth/api-keys";
import { ROLES, RoleSchema } from "../auth/roles";
import { createUser, listUsers, NewUserSchema, updateUser } from "../auth/users";
import { ProblemError } from "../http/problem";
import type { ConsoleEnv } from "./env";
import { Csrf, DataTable, dateTime, Field, Layout, Notice, SubmitCell } from "./layout";
import { requireUser } from "./security";

type Msg = { kind: "ok" | "error"; text: string; secret?: { label: string; value: string } };

function RoleSelect(props: { id: string; name: string; value?: string }) {
  return (
    <select id={props.id} name={props.name}>
      {ROLES.map((r) => (
        <option value={r} selected={props.value === r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function Secret(props: { label: string; value: string }) {
  return (
    <div class="card" role="status">
      <p>
        <strong>{props.label}</strong> It is shown only now; copy it.
      </p>
      <p class="secret" id="secret">
        {props.value}
      </p>
    </div>
  );
}

async function usersPage(c: Context<ConsoleEnv>, status: 200 | 201 | 400 | 404 | 409, msg?: Msg) {
  const users = await listUsers(c.var.services.db);
  const csrf = c.var.csrf;
  return c.html(
    <Layout title="Users" user={c.var.user} csrf={csrf} active="users">
      <h1>Users</h1>
      {msg ? <Notice kind={msg.kind}>{msg.text}</Notice> : null}
      {msg?.secret ? <Secret {...msg.secret} /> : null}
      <h2>Add a user</h2>
      <form method="post" action="/console/admin/users" class="grid2">
        <Csrf token={csrf} />
        <Field id="u-email" label="Email">
          <input id="u-email" name="email" type="email" required maxlength={254} autocomplete="off" />
        </Field>
        <Field id="u-name" label="Name">
          <input id="u-name" name="name" type="text" required maxlength={120} autocomplete="off" />
        </Field>
        <Field id="u-role" label="Role">
          <RoleSelect id="u-role" name="role" value="agent" />
        </Field>
        <SubmitCell label="Add user" />
      </form>
      <h2>People</h2>
      <DataTable label="Users" columns={["Name", "Email", "Role", "Status", "Change"]}>
        {users.map((u) => (
          <tr>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{u.role}</td>
            <td>{u.disabledAt ? `disabled ${dateTime(u.disabledAt)}` : u.mustChangePassword ? "one-time password" : "active"}</td>
            <td>
              <form method="post" action={`/console/admin/users/${u.id}`}>
                <Csrf token={csrf} />
                <label for={`role-${u.id}`} class="sr-only">
                  Role of {u.email}
                </label>
                <RoleSelect id={`role-${u.id}`} name="role" value={u.role} />
                <label for={`op-${u.id}`} class="sr-only">
                  Action for {u.email}
                </label>
                <select id={`op-${u.id}`} name="op">
                  <option value="role">Set role</option>
                  <option value={u.disabledAt ? "enable" : "disable"}>{u.disabledAt ? "Enable" : "Disable"}</option>
                  <option value="reset">Reset password</option>
                </select>
                <button type="submit">Apply</button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>,
    status,
  );
}

async function keysPage(c: Context<ConsoleEnv>, status: 200 | 201 | 400 | 404 | 409, msg?: Msg) {
  const keys = await listApiKeys(c.var.services.db);
  const csrf = c.var.csrf;
  return c.html(
    <Layout title="API keys" user={c.var.user} csrf={csrf} active="keys">
      <h1>API keys</h1>
      <p class="hint">
        For machine clients of /v1: send <code>Authorization: Bearer &lt;key&gt;</code>. Keys are stored hashed; a lost key cannot be shown again, only revoked.
      </p>
      {msg ? <Notice kind={msg.kind}>{msg.text}</Notice> : null}
      {msg?.secret ? <Secret {...msg.secret} /> : null}
      <h2>Create a key</h2>
      <form method="post" action="/console/admin/keys" class="grid2">
        <Csrf token={csrf} />
        <Field id="k-name" label="Name (what uses it)">
          <input id="k-name" name="name" type="text" required maxlength={100} />
        </Field>
        <Field id="k-role" label="Role">
          <RoleSelect id="k-role" name="role" value="agent" />
        </Field>
        <SubmitCell label="Create key" />
      </form>
      <h2>Keys</h2>
      {keys.length === 0 ? (
        <p>No keys yet.</p>
      ) : (
        <DataTable label="API keys" columns={["Name", "Prefix", "Role", "Created", "Last used", "Status"]}>
          {keys.map((k) => (
            <tr>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.role}</td>
              <td>
                {dateTime(k.createdAt)} by {k.createdBy}
              </td>
              <td>{dateTime(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  `revoked ${dateTime(k.revokedAt)}`
                ) : (
                  <form method="post" action={`/console/admin/keys/${k.id}/revoke`}>
                    <Csrf token={csrf} />
                    <button type="submit" class="danger" aria-label={`Revoke key ${k.name}`}>
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>,
    status,
  );
}

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
const Uuid = z.string().uuid();

export const adminRoutes = new Hono<ConsoleEnv>();

adminRoutes.get("/admin/users", requireUser("users.manage"), (c) => usersPage(c, 200));

adminRoutes.post("/admin/users", requireUser("users.manage"), async (c) => {
  const parsed = NewUserSchema.safeParse(await c.req.parseBody());
  if (!parsed.success) return usersPage(c, 400, { kind: "error", text: `Not added: ${issues(parsed.error)}` });
  try {
    const { user, oneTimePassword } = await createUser(c.var.services.db, parsed.data, c.var.user!.email, { scrypt: c.var.opts.scrypt });
    return usersPage(c, 201, {
      kind: "ok",
      text: `Added ${user.email} as ${user.role}.`,
      secret: { label: `One-time password for ${user.email}.`, value: oneTimePassword! },
    });
  } catch (err) {
    if (err instanceof ProblemError && err.status === 409) return usersPage(c, 409, { kind: "error", text: "Not added: a user with this email exists." });
    throw err;
  }
});

adminRoutes.post("/admin/users/:id", requireUser("users.manage"), async (c) => {
  const id = Uuid.safeParse(c.req.param("id"));
  const form = await c.req.parseBody();
  const op = z.enum(["role", "disable", "enable", "reset"]).safeParse(form.op);
  const role = RoleSchema.safeParse(form.role);
  if (!id.success || !op.success || (op.data === "role" && !role.success))
    return usersPage(c, 400, { kind: "error", text: "Choose a user, an action and a role." });
  if (id.data === c.var.user!.id && op.data !== "reset")
    return usersPage(c, 409, { kind: "error", text: "You cannot change your own role or disable yourself." });
  try {
    const change = op.data === "role" ? { role: role.data! } : op.data === "reset" ? { resetPassword: true } : { disabled: op.data === "disable" };
    const { user, oneTimePassword } = await updateUser(c.var.services.db, id.data, change, c.var.user!.email, { scrypt: c.var.opts.scrypt });
    return usersPage(c, 200, {
      kind: "ok",
      text: `Updated ${user.email}.`,
      secret: oneTimePassword ? { label: `New one-time password for ${user.email}.`, value: oneTimePassword } : undefined,
    });
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 404 || err.status === 409))
      return usersPage(c, err.status, { kind: "error", text: err.detail ?? err.title });
    throw err;
  }
});

adminRoutes.get("/admin/keys", requireUser("keys.manage"), (c) => keysPage(c, 200));

adminRoutes.post("/admin/keys", requireUser("keys.manage"), async (c) => {
  const parsed = NewApiKeySchema.safeParse(await c.req.parseBody());
  if (!parsed.success) return keysPage(c, 400, { kind: "error", text: `Not created: ${issues(parsed.error)}` });
  const { key, row } = await createApiKey(c.var.services.db, parsed.data, c.var.user!.email, new Date());
  return keysPage(c, 201, { kind: "ok", text: `Created key “${row.name}” (${row.role}).`, secret: { label: "The new API key.", value: key } });
});

adminRoutes.post("/admin/keys/:id/revoke", requireUser("keys.manage"), async (c) => {
  const id = Uuid.safeParse(c.req.param("id"));
  if (!id.success) return keysPage(c, 404, { kind: "error", text: "No such key." });
  try {
    const row = await revokeApiKey(c.var.services.db, id.data, c.var.user!.email, new Date());
    return keysPage(c, 200, { kind: "ok", text: `Revoked key “${row.name}”.` });
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 404 || err.status === 409))
      return keysPage(c, err.status, { kind: "error", text: err.detail ?? err.title });
    throw err;
  }
});
