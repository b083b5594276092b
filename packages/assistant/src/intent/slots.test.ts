import { describe, expect, it } from 'vitest';
import { findTimeWindow } from './slots.js';

const local = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(d);

describe('time windows of questions (weeks start on Monday, Asia/Shanghai)', () => {
  it.each([
    // [now, expected Saturday of 下周末]
    ['2026-11-29T10:00:00+08:00', '2026-12-05'], // Sunday: next week's weekend is six days on
    ['2026-11-30T10:00:00+08:00', '2026-12-12'], // Monday: this week's weekend is the 5th, next week's the 12th
    ['2026-12-04T10:00:00+08:00', '2026-12-12'], // Friday
    ['2026-12-05T10:00:00+08:00', '2026-12-12'], // Saturday
  ])('下周末 asked at %s starts on %s and lasts two days', (now, saturday) => {
    const window = findTimeWindow('下周末有什么活动', new Date(now));
    expect(window && local(window.from)).toBe(saturday);
    expect(window && (window.to.getTime() - window.from.getTime()) / 86_400_000).toBe(2);
  });

  it('周末 asked on a Sunday is the rest of today', () => {
    const now = new Date('2026-11-29T10:00:00+08:00');
    const window = findTimeWindow('周末去哪', now);
    expect(window?.from).toEqual(now);
    expect(window && local(window.to)).toBe('2026-11-30');
  });

  it('下周 asked on a Sunday starts tomorrow, Monday', () => {
    const window = findTimeWindow('下周有讲座吗', new Date('2026-11-29T10:00:00+08:00'));
    expect(window && local(window.from)).toBe('2026-11-30');
  });
});
