/** `2026-12-05T10:00:00+08:00` → `12月5日 周六 10:00`, in the association's time zone; junk input stays as is. */
export function formatDateTime(iso: string, lang: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang, {
      timeZone,
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(date);
  } catch {
    return iso;
  }
}

/** The end time alone when it is on the same day as the start. */
export function formatRange(startsAt: string, endsAt: string, lang: string, timeZone: string): string {
  const start = formatDateTime(startsAt, lang, timeZone);
  const end = new Date(endsAt);
  if (Number.isNaN(end.getTime())) return start;
  try {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' });
    const sameDay = day.format(new Date(startsAt)) === day.format(end);
    const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
    return sameDay ? `${start}–${time.format(end)}` : `${start} – ${formatDateTime(endsAt, lang, timeZone)}`;
  } catch {
    return start;
  }
}

export function formatDate(iso: string, lang: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'medium' }).format(date);
  } catch {
    return iso;
  }
}
