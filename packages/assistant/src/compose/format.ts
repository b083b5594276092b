const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "6月7日（周六）14:00–16:00" (or "Sat 7 Jun, 14:00–16:00" in English) in the association's time zone, from ISO
 * strings.
 */
export function formatTimeRange(
  startsAt: string,
  endsAt: string | undefined,
  timeZone: string,
  lang: 'zh-CN' | 'en' = 'zh-CN',
): string {
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
    const en = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday] ?? '';
    return {
      date:
        lang === 'en'
          ? `${en} ${get('day')} ${MONTHS[Number(get('month')) - 1] ?? ''}, `
          : `${get('month')}月${get('day')}日（${WEEKDAYS[weekday] ?? ''}）`,
      time: `${get('hour')}:${get('minute')}`,
    };
  };
  const s = parts(start);
  const end = endsAt ? new Date(endsAt) : undefined;
  if (!end || Number.isNaN(end.getTime())) return `${s.date}${s.time}`;
  const e = parts(end);
  if (e.date === s.date) return `${s.date}${s.time}–${e.time}`;
  return `${s.date}${s.time}${lang === 'en' ? ' to ' : ' 至 '}${e.date}${e.time}`;
}
