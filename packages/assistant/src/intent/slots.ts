/** Shenzhen's districts, with the short forms citizens type ("南山" → 南山区). */
export const DISTRICTS = [
  '福田区',
  '罗湖区',
  '南山区',
  '盐田区',
  '宝安区',
  '龙岗区',
  '龙华区',
  '坪山区',
  '光明区',
  '大鹏新区',
  '深汕特别合作区',
] as const;

/** The districts' names in pinyin, as English questions write them ("events in Nanshan"). */
const DISTRICT_PINYIN: readonly [RegExp, (typeof DISTRICTS)[number]][] = [
  [/\bfutian\b/i, '福田区'],
  [/\bluohu\b/i, '罗湖区'],
  [/\bnanshan\b/i, '南山区'],
  [/\byantian\b/i, '盐田区'],
  [/\bbao'?an\b/i, '宝安区'],
  [/\blonggang\b/i, '龙岗区'],
  [/\blonghua\b/i, '龙华区'],
  [/\bpingshan\b/i, '坪山区'],
  [/\bguangming\b/i, '光明区'],
  [/\bdapeng\b/i, '大鹏新区'],
  [/\bshenshan\b/i, '深汕特别合作区'],
];

export function findDistrict(text: string): string | undefined {
  for (const d of DISTRICTS) {
    const short = d.replace(/(新区|特别合作区|区)$/, '');
    if (text.includes(d) || text.includes(short)) return d;
  }
  return DISTRICT_PINYIN.find(([pattern]) => pattern.test(text))?.[1];
}

export interface TimeWindow {
  label: string;
  from: Date;
  to: Date;
}

const DAY = 86_400_000;

/** Start of the local day of `now` in `timeZone`, as an instant. */
function startOfLocalDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const elapsed = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + now.getUTCMilliseconds();
  return new Date(now.getTime() - elapsed);
}

function localWeekday(now: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(now);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

/** A time expression ("周末", "明天", "下周", "这个月") as a window in the association's time zone. */
export function findTimeWindow(text: string, now: Date, timeZone = 'Asia/Shanghai'): TimeWindow | undefined {
  const today = startOfLocalDay(now, timeZone);
  const weekday = localWeekday(now, timeZone);
  const window = (label: string, startDays: number, days: number): TimeWindow => ({
    label,
    from: new Date(Math.max(today.getTime() + startDays * DAY, now.getTime())),
    to: new Date(today.getTime() + (startDays + days) * DAY),
  });
  // Weeks start on Monday: 下周末 is the Saturday and Sunday of the coming Monday's week (on a Sunday: six days on).
  if (/下周末|下个周末|next weekend/i.test(text)) return window('下周末', 12 - ((weekday + 6) % 7), 2);
  if (/周末|星期六|周六|礼拜六|星期天|周日|礼拜天|weekend|saturday|sunday/i.test(text)) {
    const toSaturday = weekday === 0 ? -1 : 6 - weekday;
    return window('周末', toSaturday, weekday === 0 ? 2 : 2);
  }
  if (/今天|今晚|\btoday\b|\btonight\b/i.test(text)) return window('今天', 0, 1);
  if (/后天|day after tomorrow/i.test(text)) return window('后天', 2, 1);
  if (/明天|明晚|\btomorrow\b/i.test(text)) return window('明天', 1, 1);
  if (/下周|下星期|下礼拜|next week/i.test(text)) return window('下周', (8 - weekday) % 7 || 7, 7);
  if (/这周|本周|这星期|这礼拜|this week\b/i.test(text)) return window('本周', 0, 7 - ((weekday + 6) % 7));
  if (/这个月|本月|this month/i.test(text)) return window('本月', 0, 31);
  if (/下个月|下月|next month/i.test(text)) return window('下个月', 30, 31);
  return undefined;
}

/** An age hint from the question ("孩子" / "小学生" / "老人"), used to filter events. */
export function findAgeHint(text: string): number | undefined {
  const explicit = /(\d{1,2})\s*(岁|周岁)/.exec(text);
  if (explicit) return Number(explicit[1]);
  if (/幼儿|幼儿园|学龄前/.test(text)) return 5;
  if (/小学|小朋友|孩子|儿童|亲子/.test(text)) return 9;
  if (/初中|中学生/.test(text)) return 13;
  if (/高中/.test(text)) return 16;
  if (/老人|老年|长者/.test(text)) return 65;
  return undefined;
}

/** The text without district names: once a district is a filter, its name is no longer a word to match. */
export function withoutDistricts(text: string): string {
  let out = text;
  for (const d of DISTRICTS) {
    out = out.split(d).join(' ');
    const short = d.replace(/(新区|特别合作区|区)$/, '');
    out = out.split(short).join(' ');
  }
  return out.trim() || text;
}
