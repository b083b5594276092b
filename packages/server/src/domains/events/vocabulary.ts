import { ApiError } from '../../http/errors.js';
import { loadTaxonomy, type Taxonomy } from '../registry/taxonomy/profile.js';

/**
 * Events share the registry's taxonomy profile: districts and topics are stored as its codes (so events and
 * resources join), accepted as code, name or alias, and shown by name. Districts are a closed list; a topic the
 * profile lacks (化学, 数学…) is kept as a free keyword rather than refused.
 */
export type { Taxonomy };

/** The built-in Shenzhen profile (seeders and callers without a config). */
export function defaultTaxonomy(): Taxonomy {
  return loadTaxonomy(null);
}

/** The district code a user's spelling means; 400 naming `path` and the allowed values otherwise. */
export function districtCode(taxonomy: Taxonomy, value: string, path: string): string {
  const term = taxonomy.find('districts', value);
  if (!term) {
    const message = `unknown district "${value}". Allowed: ${taxonomy.allowed('districts')}`;
    throw new ApiError(400, 'invalid_request', `Invalid request. ${path}: ${message}`, [{ path, message }]);
  }
  return term.code;
}

/** Topic codes for known topics; unknown ones stay as given (free keywords). Duplicates removed. */
export function topicCodes(taxonomy: Taxonomy, values: readonly string[]): string[] {
  return [...new Set(values.map((v) => taxonomy.find('topics', v)?.code ?? v.trim()))];
}

export const districtName = (taxonomy: Taxonomy, code: string | null) =>
  code === null ? null : taxonomy.nameOf('districts', code);
export const topicNames = (taxonomy: Taxonomy, codes: readonly string[]) =>
  codes.map((c) => taxonomy.nameOf('topics', c));
