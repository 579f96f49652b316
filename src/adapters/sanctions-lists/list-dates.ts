/**
 * Dates of birth as the lists write them, read into what a list entry keeps: `YYYY-MM-DD` when the
 * list gives the day, `YYYY` when it gives only the year (or only the month and year).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A range wider than this (or backward) is no usable date of birth. */
const WIDEST_YEAR_RANGE = 10;

/**
 * OFAC's spelling: `01 Jan 1970` as `1970-01-01`; `1970`, `circa 1970` and `Jan 1970` as `1970`;
 * `1970 to 1972` as each year. Anything else (an impossible day included) gives no date.
 */
export function parseOfacDateOfBirth(text: string): string[] {
  const day = /^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(text);
  if (day) {
    const month = MONTHS.indexOf((day[2] as string).toLowerCase()) + 1;
    const date = `${day[3]}-${String(month).padStart(2, '0')}-${(day[1] as string).padStart(2, '0')}`;
    return month > 0 && isCalendarDate(date) ? [date] : [];
  }
  const year = /^(?:(?:circa|c\.|approximately)\s*)?(?:[A-Za-z]{3}[a-z]*\.?\s+)?(\d{4})$/i.exec(text);
  if (year) return [year[1] as string];
  const range = /^(?:(?:circa|c\.)\s*)?(\d{4})\s+to\s+(\d{4})$/i.exec(text);
  if (range) return yearsBetween(range[1] as string, range[2] as string);
  return [];
}

/** `YYYY-MM-DD` (possibly followed by a time, which is dropped) when it is a real day; else nothing. */
export function isoDateOfBirth(text: string): string[] {
  const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(text.trim())?.[1];
  return date !== undefined && isCalendarDate(date) ? [date] : [];
}

/** A four-digit year as itself; anything else gives nothing. */
export function yearOfBirth(text: string): string[] {
  const year = text.trim();
  return /^\d{4}$/.test(year) ? [year] : [];
}

/** Each year from `from` to `to`, when both are years and the range is a few years wide. */
export function yearsBetween(from: string, to: string): string[] {
  if (!/^\d{4}$/.test(from.trim()) || !/^\d{4}$/.test(to.trim())) return [];
  const first = Number(from);
  const last = Number(to);
  if (last < first || last - first > WIDEST_YEAR_RANGE) return [];
  return Array.from({ length: last - first + 1 }, (_, k) => String(first + k));
}

export function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** Adds each date once, keeping the list's order. */
export function addDates(dates: string[], more: readonly string[]): void {
  for (const date of more) if (!dates.includes(date)) dates.push(date);
}
