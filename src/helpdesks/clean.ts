/**
 * Helpdesk text we do not control, made safe to store: NUL and lone UTF-16 surrogates become
 * U+FFFD (src/http/input.ts), and where that happened is recorded in the delivery's meta
 * (`replaced_characters`: comma-separated payload paths), so an operator can see the ticket's text
 * was altered and why.
 */
import { cleanUntrustedJson } from "../http/input";
import type { MappedEvent } from "./types";

/** Adds `paths` (where characters were replaced) to the event's `meta.replaced_characters`. */
export function recordReplaced(ev: MappedEvent, paths: string[]): void {
  if (!paths.length) return;
  const before = typeof ev.meta.replaced_characters === "string" && ev.meta.replaced_characters ? ev.meta.replaced_characters.split(",") : [];
  ev.meta = { ...ev.meta, replaced_characters: [...new Set([...before, ...paths])].join(",").slice(0, 2000) };
}

/**
 * Cleans a mapped event's ticket (text completed through the vendor's API reaches it after the
 * webhook was cleaned), recording replaced fields as `ticket.<field>`.
 */
export function cleanMappedEvent(ev: MappedEvent): MappedEvent {
  const { value, replaced } = cleanUntrustedJson(ev.ticket);
  if (!replaced.length) return ev;
  const out = { ...ev, ticket: value };
  recordReplaced(
    out,
    replaced.map((p) => `ticket.${p}`),
  );
  return out;
}
