const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "6月7日（周六）14:00–16:00" in the association's time zone, from ISO strings. */
export function formatTimeRange(startsAt: string, endsAt: string | undefined, timeZone: string): string {
  const start = new Date(startsAt);
  if (Number.isNaN(start.getTime())) return startsAt;
  const parts = (d: Date) => {
    const p = new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(d);
    const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
    const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
    return {
      date: `${get('month')}月${get('day')}日（${WEEKDAYS[weekday] ?? ''}）`,
      time: `${get('hour')}:${get('minute')}`,
    };
  };
  const s = parts(start);
  const end = endsAt ? new Date(endsAt) : undefined;
  if (!end || Number.isNaN(end.getTime())) return `${s.date}${s.time}`;
  const e = parts(end);
  return e.date === s.date ? `${s.date}${s.time}–${e.time}` : `${s.date}${s.time} 至 ${e.date}${e.time}`;
}
