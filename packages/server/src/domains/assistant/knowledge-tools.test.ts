import type { OpeningHours } from '@kepu/sdk/schema';
import { describe, expect, it } from 'vitest';
import { localMoment, parseOpeningHoursText } from '../registry/opening-hours.js';
import { hoursOn } from './knowledge-tools.js';

describe("a place card's hours today", () => {
  // 2026-12-07 is a Monday, 2026-12-06 a Sunday (Asia/Shanghai).
  const at = (iso: string) => localMoment(new Date(iso), 'Asia/Shanghai');
  const museum = parseOpeningHoursText('周二至周日 10:00-18:00；周一闭馆');

  it('reads the weekday periods of the structured hours, and says closed on a closing day', () => {
    expect(hoursOn(museum, at('2026-12-06T11:00:00+08:00'))).toEqual({ hoursToday: '10:00–18:00', openNow: true });
    expect(hoursOn(museum, at('2026-12-06T18:30:00+08:00'))).toEqual({ hoursToday: '10:00–18:00', openNow: false });
    expect(hoursOn(museum, at('2026-12-07T11:00:00+08:00'))).toEqual({ hoursToday: null, openNow: false });
  });

  it('lets a dated exception decide its day, and says nothing without structured hours', () => {
    const holiday: OpeningHours = {
      ...museum,
      exceptions: [
        { date: '2026-12-07', closed: false, opens: '09:00', closes: '12:00' },
        { date: '2026-12-08', closed: true },
      ],
    };
    expect(hoursOn(holiday, at('2026-12-07T10:00:00+08:00'))).toEqual({ hoursToday: '09:00–12:00', openNow: true });
    expect(hoursOn(holiday, at('2026-12-08T11:00:00+08:00'))).toEqual({ hoursToday: null, openNow: false });
    expect(hoursOn(null, at('2026-12-08T11:00:00+08:00'))).toEqual({});
    expect(hoursOn({ weekly: [], exceptions: [] }, at('2026-12-08T11:00:00+08:00'))).toEqual({});
  });
});
