// Deadlines, cut-offs and completion dates are business dates in Asia/Shanghai (domain.md §2). China has kept
// UTC+8 without daylight saving since 1991, so a fixed offset gives the calendar date without a zone database.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date of an instant, or of an occurredAt as commands carry it (a date or an RFC 3339 time). */
export function businessDate(at: Date | string): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return String(at).slice(0, 10);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day after a business date: when a deadline has passed. */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
