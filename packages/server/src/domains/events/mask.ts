/**
 * Masks a mainland mobile number for display: `138****5678`.
 * @example maskMobile('13812345678') // '138****5678'
 */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

/**
 * Masks a personal name, keeping its first character: `张**` (Chinese) or `J***` (Latin).
 * @example maskName('张小明') // '张**'
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}${'*'.repeat(Math.max(1, Math.min(chars.length - 1, 3)))}`;
}

/** `+86 138-1234-5678` → `13812345678` (the form validated by the SDK schema, stored once). */
export function normaliseMobile(mobile: string): string {
  return mobile.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}
