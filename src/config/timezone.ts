/** True for a time zone the runtime's Intl knows (IANA names such as "Europe/London", or "UTC"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
