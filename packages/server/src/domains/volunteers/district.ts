import { badRequest } from '../../http/errors.js';
import type { Taxonomy } from '../registry/taxonomy/profile.js';

/**
 * Resolves a district by code, name or alias through the registry's taxonomy profile and returns its name, the form
 * events also store and statistics group by.
 * @example resolveDistrict(loadTaxonomy(null), 'nanshan', 'body.district') // '南山区'
 */
export function resolveDistrict(taxonomy: Taxonomy, value: string, path: string): string {
  const term = taxonomy.find('districts', value);
  if (!term) {
    throw badRequest(`Unknown district ${JSON.stringify(value)}. Use one of: ${taxonomy.allowed('districts')}.`, [
      { path, message: 'not a district of the taxonomy profile' },
    ]);
  }
  return term.name;
}
