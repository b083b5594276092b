import { describe, expect, it } from 'vitest';
import { formatOpeningHours, localMoment, OpeningHoursError, parseOpeningHoursText } from './opening-hours.js';

describe('opening hours as written on the collection form', () => {
  it('reads day ranges, several periods, closed days, remarks and dated exceptions', () => {
    const hours = parseOpeningHoursText(
      '周二至周日 9:00-12:00，14:00-17:30（16:30停止入场）；周一闭馆；2026-10-01 闭馆；2026-10-02 10:00-16:00',
    );
    expect(hours.weekly).toHaveLength(12);
    expect(hours.weekly.filter((p) => p.day === 'mon')).toEqual([]);
    expect(hours.weekly.filter((p) => p.day === 'sun')).toEqual([
      { day: 'sun', opens: '09:00', closes: '12:00' },
      { day: 'sun', opens: '14:00', closes: '17:30' },
    ]);
    expect(hours.note).toBe('16:30停止入场');
    expect(hours.exceptions).toEqual([
      { date: '2026-10-01', closed: true },
      { date: '2026-10-02', closed: false, opens: '10:00', closes: '16:00' },
    ]);
  });

  it('reads 每天, 全天开放, 工作日, 周末, 周一、三、五 and OSM-like Tu-Su', () => {
    expect(parseOpeningHoursText('每天 06:00-22:00').weekly).toHaveLength(7);
    expect(parseOpeningHoursText('全天开放').weekly[0]).toEqual({ day: 'mon', opens: '00:00', closes: '24:00' });
    expect(parseOpeningHoursText('工作日 09:00-17:00').weekly.map((p) => p.day)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
    ]);
    expect(parseOpeningHoursText('周末 10:00-16:00').weekly.map((p) => p.day)).toEqual(['sat', 'sun']);
    expect(parseOpeningHoursText('周一、三、五 09:00-11:00').weekly.map((p) => p.day)).toEqual(['mon', 'wed', 'fri']);
    expect(parseOpeningHoursText('Tu-Su 09:00-17:00').weekly.map((p) => p.day)).toEqual([
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    expect(parseOpeningHoursText('周五至周一 10:00-18:00').weekly.map((p) => p.day)).toEqual([
      'fri',
      'sat',
      'sun',
      'mon',
    ]);
  });

  it('refuses what it cannot read, quoting the part', () => {
    for (const [text, part] of [
      ['周八 09:00-17:00', '周八'],
      ['营业中', '营业中'],
      ['每天 17:00-09:00', '17:00-09:00'],
      ['2026-02-30 闭馆', '2026-02-30'],
      ['2026-10-01 看情况', '2026-10-01'],
    ]) {
      expect(() => parseOpeningHoursText(text as string)).toThrow(OpeningHoursError);
      expect(() => parseOpeningHoursText(text as string)).toThrow(part as string);
    }
  });

  it('formats structured hours back to text that parses to the same hours', () => {
    const text = '周二至周日 09:00-17:00；周一闭馆';
    const hours = parseOpeningHoursText(text);
    expect(formatOpeningHours(hours)).toBe('周二至周日 09:00-17:00');
    expect(parseOpeningHoursText(formatOpeningHours(hours)).weekly).toEqual(hours.weekly);
    const withExceptions = parseOpeningHoursText('每天 09:00-17:00；2026-10-01 闭馆；2026-10-02 10:00-12:00');
    expect(parseOpeningHoursText(formatOpeningHours(withExceptions))).toEqual(withExceptions);
  });

  it('takes the local weekday, date and time in the city time zone', () => {
    expect(localMoment(new Date('2026-12-07T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      day: 'tue',
      date: '2026-12-08',
      time: '00:30',
    });
  });
});
