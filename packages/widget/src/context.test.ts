import { describe, expect, it, vi } from 'vitest';
import { parseContext } from './context.js';

describe('parseContext', () => {
  it('keeps a district and a whole age', () => {
    expect(parseContext('{"district":" 南山区 ","age":9}')).toEqual({ district: '南山区', age: 9 });
  });

  it('drops fields that would not validate on the server', () => {
    expect(parseContext('{"district":"x".repeat(41),"age":9}')).toBeUndefined(); // not JSON at all
    expect(parseContext(JSON.stringify({ district: 'x'.repeat(41), age: 9.5, extra: true }))).toEqual({});
    expect(parseContext(JSON.stringify({ age: -1 }))).toEqual({});
    expect(parseContext('[1,2]')).toEqual({});
    expect(parseContext(null)).toBeUndefined();
  });

  it('warns with an example when the attribute is not JSON', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseContext('district=南山区')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('{"district":"南山区","age":9}'));
    warn.mockRestore();
  });
});
