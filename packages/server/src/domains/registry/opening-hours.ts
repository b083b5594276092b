import type { OpeningHours, Weekday } from '@kepu/sdk/schema';
import { type SQL, sql } from 'drizzle-orm';

const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const CN_DAY: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6, 七: 6 };
const EN_DAY: Record<string, number> = { mo: 0, tu: 1, we: 2, th: 3, fr: 4, sa: 5, su: 6 };

/** The text could not be read as opening hours; the message quotes the part that failed. */
export class OpeningHoursError extends Error {
  override name = 'OpeningHoursError';
}

const CLOSED = /(闭馆|闭园|休馆|休园|休息|不开放|关闭|closed|off)/i;
const ALWAYS = /^(全天(开放|候)?|24\s*小时(开放)?|全年无休|24\/7)$/i;
const TIME_RANGE = /(\d{1,2})[:：.](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：.](\d{2})/g;

function dayRange(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === to || days.length === 7) break;
  }
  return days;
}

/** "周二至周日", "周一、三、五", "工作日", "周末", "每天", "Tu-Su" → weekday indexes; null when the text has no day part. */
function parseDays(text: string): number[] | null {
  const t = text.replace(/\s+/g, '');
  if (!t || /^(每天|每日|全年|全周|天天|daily)$/i.test(t)) return null;
  if (/^(工作日|周一至周五)$/.test(t)) return [0, 1, 2, 3, 4];
  if (/^(周末|双休日|周六日|周六、日|周六至周日)$/.test(t)) return [5, 6];
  const cn = t.match(
    /^(?:每)?(?:周|星期|礼拜)([一二三四五六日天七])(?:(?:至|到|-|~|—|～)(?:周|星期|礼拜)?([一二三四五六日天七]))?$/,
  );
  if (cn?.[1]) {
    const from = CN_DAY[cn[1]] ?? 0;
    return cn[2] ? dayRange(from, CN_DAY[cn[2]] ?? 6) : [from];
  }
  const list = t.match(/^(?:每)?(?:周|星期)([一二三四五六日天](?:[、,，][一二三四五六日天])+)$/);
  if (list?.[1]) return list[1].split(/[、,，]/).map((d) => CN_DAY[d] ?? 0);
  const en = t.toLowerCase().match(/^(mo|tu|we|th|fr|sa|su)(?:-(mo|tu|we|th|fr|sa|su))?$/);
  if (en?.[1]) {
    const from = EN_DAY[en[1]] ?? 0;
    return en[2] ? dayRange(from, EN_DAY[en[2]] ?? 6) : [from];
  }
  throw new OpeningHoursError(`"${text}" is not a day or range of days (e.g. 周二至周日, 每天, 工作日, Tu-Su)`);
}

const pad = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;

/** "2026-10-01 闭馆" or "2026-10-01 09:00-12:00" → a dated exception. */
function parseException(match: RegExpMatchArray, segment: string): OpeningHours['exceptions'][number] {
  const [, y = '', mo = '', d = '', rest = ''] = match;
  const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) {
    throw new OpeningHoursError(`"${segment}" does not start with a valid date`);
  }
  if (CLOSED.test(rest)) return { date, closed: true };
  const range = [...rest.matchAll(TIME_RANGE)][0];
  if (!range) throw new OpeningHoursError(`"${segment}": give 闭馆 or a time range like 09:00-12:00 after the date`);
  const [, h1 = '', m1 = '', h2 = '', m2 = ''] = range;
  const opens = pad(h1, m1);
  const closes = pad(h2, m2);
  if (opens >= closes || closes > '24:00') throw new OpeningHoursError(`"${range[0]}" is not a valid time range`);
  return { date, closed: false, opens, closes };
}

/**
 * Reads opening hours as people write them on the collection form:
 * `周二至周日 09:00-17:00；周一闭馆`, `每天 9:00-12:00,14:00-17:30`, `全天开放`, `Tu-Su 09:00-17:00`.
 * Parenthesised remarks become the note. Days not mentioned are closed.
 * @throws OpeningHoursError naming the part that does not parse.
 */
export function parseOpeningHoursText(text: string): OpeningHours {
  const notes: string[] = [];
  const body = text
    .normalize('NFKC')
    .replace(/[（(]([^）)]*)[）)]/g, (_, note: string) => {
      notes.push(note.trim());
      return ' ';
    })
    .trim();
  const weekly: OpeningHours['weekly'] = [];
  const exceptions: OpeningHours['exceptions'] = [];
  const segments = body
    .split(/[;；。\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length === 0) throw new OpeningHoursError(`"${text}" holds no opening hours`);
  for (const segment of segments) {
    const dated = segment.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*(.*)$/);
    if (dated) {
      exceptions.push(parseException(dated, segment));
      continue;
    }
    if (ALWAYS.test(segment.replace(/\s+/g, ''))) {
      for (const day of WEEK) weekly.push({ day, opens: '00:00', closes: '24:00' });
      continue;
    }
    const ranges = [...segment.matchAll(TIME_RANGE)];
    if (ranges.length === 0) {
      if (CLOSED.test(segment)) {
        parseDays(segment.replace(CLOSED, '').replace(/^逢/, '').trim()); // validates the days; closed days are simply absent
        continue;
      }
      throw new OpeningHoursError(`"${segment}" has no time range like 09:00-17:00`);
    }
    const dayText = segment
      .slice(0, ranges[0]?.index ?? 0)
      .replace(/[:：,，]$/, '')
      .trim();
    const rest = segment
      .slice((ranges.at(-1)?.index ?? 0) + (ranges.at(-1)?.[0].length ?? 0))
      .replace(/[\s,，、和]/g, '');
    if (rest && !/^(开放|营业)?$/.test(rest)) notes.push(rest);
    const days = parseDays(dayText) ?? [0, 1, 2, 3, 4, 5, 6];
    for (const range of ranges) {
      const [, h1 = '', m1 = '', h2 = '', m2 = ''] = range;
      const opens = pad(h1, m1);
      const closes = pad(h2, m2);
      if (Number(h1) > 24 || Number(h2) > 24 || Number(m1) > 59 || Number(m2) > 59 || closes > '24:00') {
        throw new OpeningHoursError(`"${range[0]}" is not a valid time range`);
      }
      if (opens >= closes) throw new OpeningHoursError(`"${range[0]}": closing time must be after opening time`);
      for (const d of days) weekly.push({ day: WEEK[d] ?? 'mon', opens, closes });
    }
  }
  const hours: OpeningHours = { weekly, exceptions };
  if (notes.length) hours.note = notes.join('；').slice(0, 200);
  return hours;
}

/** "周二至周日 09:00–17:00" style text of structured hours, for exports and the assistant. */
export function formatOpeningHours(hours: OpeningHours): string {
  const CN = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  const byRanges = new Map<string, number[]>();
  for (const p of hours.weekly) {
    const key = `${p.opens}-${p.closes}`;
    byRanges.set(key, [...(byRanges.get(key) ?? []), WEEK.indexOf(p.day)]);
  }
  const parts = [...byRanges].map(([range, days]) => {
    const sorted = [...new Set(days)].sort();
    const contiguous = sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
    const dayText =
      sorted.length === 7
        ? '每天'
        : contiguous && sorted.length > 1
          ? `${CN[sorted[0] ?? 0]}至${CN[sorted.at(-1) ?? 0]}`
          : sorted.map((d) => CN[d]).join('、');
    return `${dayText} ${range}`;
  });
  for (const e of hours.exceptions) parts.push(e.closed ? `${e.date} 闭馆` : `${e.date} ${e.opens}-${e.closes}`);
  if (hours.note) parts.push(`（${hours.note}）`);
  return parts.join('；');
}

/** The weekday, date and HH:MM of an instant in a time zone. */
export function localMoment(instant: Date, timeZone: string): { day: Weekday; date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const day = (String(parts.weekday).slice(0, 3).toLowerCase() as Weekday) ?? 'mon';
  return { day, date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * SQL condition "open at this local moment" over a jsonb `OpeningHours` column: a dated exception decides that day;
 * otherwise a weekly period must contain the time. Times compare as HH:MM text.
 */
export function openAtCondition(column: SQL | unknown, moment: { day: Weekday; date: string; time: string }): SQL {
  const exceptionToday = sql`select 1 from jsonb_array_elements(coalesce(${column}->'exceptions', '[]'::jsonb)) e where e->>'date' = ${moment.date}`;
  return sql`(${column} is not null and case when exists (${exceptionToday}) then exists (${exceptionToday} and not (e->>'closed')::boolean and e->>'opens' <= ${moment.time} and e->>'closes' > ${moment.time}) else exists (select 1 from jsonb_array_elements(coalesce(${column}->'weekly', '[]'::jsonb)) w where w->>'day' = ${moment.day} and w->>'opens' <= ${moment.time} and w->>'closes' > ${moment.time}) end)`;
}
