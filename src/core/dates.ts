import { invalid, type KindlingError } from './errors.js';

/** Where an alliance has not said otherwise, its books keep London's dates. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD; building a formatter is the slow part, so keep one per zone.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Every zone's offset is a whole number of minutes, so a local date only changes on a minute
// boundary: the last answer per zone is reused within its minute (every entry asks).
const lastAnswer = new Map<string, { minute: number; date: string }>();

/** The date it is at `instant` where the alliance is: its "today". */
export function localDate(instant: Date, timeZone: string): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastAnswer.get(timeZone);
  if (last && last.minute === minute) return last.date;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastAnswer.set(timeZone, { minute, date });
  return date;
}

/** Whether the runtime knows this IANA time zone (both Node and workerd carry the full tz data). */
export function isTimeZone(text: string): boolean {
  if (text.length === 0 || text.length > 64) return false;
  try {
    formatterFor(text);
    return true;
  } catch {
    return false;
  }
}

/** The problem for a date after the alliance's today; `path` names the field a person typed. */
export function futureDate(path: string, date: string, today: string): KindlingError {
  return invalid(
    'future_date',
    `${path} ${date} is after today (${today} where the alliance is). Books record what has happened; nothing is dated ahead. Nothing was written.`,
    [{ path, message: `after today (${today})` }],
  );
}

/** Refuses a date after today with the field's own name. */
export function requireNotFuture(date: string, today: string, path: string): void {
  if (date > today) throw futureDate(path, date, today);
}
