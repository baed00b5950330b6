/**
 * Dates as helpdesks render them. An ISO 8601 date-time with an offset ("Z", "+02:00") is an
 * instant; one without ("2021-01-07T13:00:00.123456", Gorgias's `{{ticket.created_datetime}}`,
 * https://developers.gorgias.com/reference/the-integration-object) is a wall-clock time in the
 * helpdesk account's time zone, never the server's. Intl's time zone data does the arithmetic.
 * Pure functions: no clock, no configuration. An instant outside 1970-2100 is not read (the
 * product's bounds, src/http/input.ts).
 */
import { instantInRange } from "../http/input";

const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$/;

const formats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at the instant `utcMs`, in ms (Europe/Paris in January: 3,600,000). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(utcMs))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in a zone, disambiguated as Temporal's "compatible" mode does:
 * a time a daylight-saving change repeats is its first occurrence; a time it skips is read with
 * the offset before the change (01:30 on a spring-forward night in London is 02:30 BST).
 * @param wallMs the wall-clock fields as if they were UTC (Date.UTC(y, m, d, h, mi, s, ms))
 * @returns ms since the epoch
 */
export function wallClockToInstant(wallMs: number, timeZone: string): number {
  const DAY = 86_400_000;
  const before = zoneOffsetMs(timeZone, wallMs - DAY);
  const after = zoneOffsetMs(timeZone, wallMs + DAY);
  const valid = [...new Set([before, after])].map((o) => wallMs - o).filter((t) => zoneOffsetMs(timeZone, t) === wallMs - t);
  return valid.length ? Math.min(...valid) : wallMs - before;
}

/**
 * Reads a vendor's date-time as an instant.
 * @param value ISO 8601 with an offset (an instant), or without one (read in `timeZone`); fractions
 *   beyond milliseconds are truncated
 * @param timeZone the helpdesk account's IANA time zone (configured; default UTC)
 * @returns ISO 8601 UTC ("2021-01-07T12:00:00.123Z"), or undefined for anything else (an unknown
 *   format or an instant outside 1970-2100 is not guessed at: the ticket then takes its arrival time)
 */
export function vendorInstant(value: string | null | undefined, timeZone: string): string | undefined {
  const s = value?.trim();
  if (!s) return undefined;
  if (OFFSET_ISO.test(s)) {
    const ms = Date.parse(
      s
        .replace(" ", "T")
        .replace(",", ".")
        .replace(/\s(?=[Zz+-]\d*)/, ""),
    );
    return instantInRange(ms) ? new Date(ms).toISOString() : undefined;
  }
  const m = LOCAL_ISO.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, Number((m[7] ?? "").padEnd(3, "0").slice(0, 3)));
  if (new Date(wall).getUTCDate() !== d) return undefined; // 31 April
  const at = wallClockToInstant(wall, timeZone);
  return instantInRange(at) ? new Date(at).toISOString() : undefined;
}
