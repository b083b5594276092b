const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * The wall-clock time of `instant` in `timeZone`, as a "floating" Date whose UTC fields hold it. Recurrence rules
 * are expanded in floating time so that "every Saturday 14:30" stays 14:30 local across offset changes.
 */
export function toFloating(instant: Date, timeZone: string): Date {
  const w = wallClock(instant, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, instant.getUTCMilliseconds()));
}

/** The instant at which the wall clock of `timeZone` shows the UTC fields of `floating` (inverse of `toFloating`). */
export function fromFloating(floating: Date, timeZone: string): Date {
  const offsetAt = (instant: Date) => toFloating(instant, timeZone).getTime() - instant.getTime();
  const guess = new Date(floating.getTime() - offsetAt(floating));
  return new Date(floating.getTime() - offsetAt(guess));
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** ISO 8601 with the zone's offset, e.g. `2026-12-05T14:30:00+08:00`: what API responses show. */
export function isoInZone(instant: Date, timeZone: string): string {
  const floating = toFloating(instant, timeZone);
  const offsetMinutes = Math.round((floating.getTime() - instant.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${floating.toISOString().slice(0, 19)}${offset}`;
}

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}
