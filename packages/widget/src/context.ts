/**
 * The `context` attribute: a JSON object with an optional `district` (text) and `age` (whole years). Anything else
 * is dropped, with a console warning that says what was wrong.
 */
export function parseContext(value: string | null): { district?: string; age?: number } | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    console.warn(
      `<kepu-assistant>: context must be JSON like {"district":"南山区","age":9}; got ${value.slice(0, 80)}`,
    );
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { district, age } = parsed as Record<string, unknown>;
  const context: { district?: string; age?: number } = {};
  if (typeof district === 'string' && district.trim() && district.length <= 40) context.district = district.trim();
  if (typeof age === 'number' && Number.isInteger(age) && age >= 0 && age <= 120) context.age = age;
  return context;
}
