import { readFileSync } from 'node:fs';
import {
  type DesignationScheme,
  type TaxonomyProfile as Profile,
  TaxonomyProfile,
  type TaxonomyTerm,
} from '@kepu/sdk/schema';

import { SHENZHEN_PROFILE } from './shenzhen.js';

/** A taxonomy profile file that cannot be used; the message names the file and the problem. */
export class TaxonomyProfileError extends Error {
  override name = 'TaxonomyProfileError';
}

/** Taxonomy lists a value can be looked up in. */
export type TaxonomyList = 'districts' | 'topics' | 'audiences' | 'designationSchemes';

/** A profile with lookups by code, name or alias (case, spaces and full-width forms ignored). */
export interface Taxonomy {
  profile: Profile;
  /** The term a user's spelling means, or undefined. */
  find(list: TaxonomyList, value: string): TaxonomyTerm | DesignationScheme | undefined;
  /** The display name of a stored code (the code itself if the profile no longer has it). */
  nameOf(list: TaxonomyList, code: string): string;
  /** "福田区 (futian), 罗湖区 (luohu), …" for error messages. */
  allowed(list: TaxonomyList): string;
}

const normalize = (value: string) => value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

export function createTaxonomy(profile: Profile): Taxonomy {
  const lookups = new Map<TaxonomyList, Map<string, TaxonomyTerm | DesignationScheme>>();
  for (const list of ['districts', 'topics', 'audiences', 'designationSchemes'] as const) {
    const map = new Map<string, TaxonomyTerm | DesignationScheme>();
    for (const term of profile[list]) {
      for (const spelling of [term.code, term.name, ...term.aliases]) map.set(normalize(spelling), term);
    }
    lookups.set(list, map);
  }
  return {
    profile,
    find: (list, value) => lookups.get(list)?.get(normalize(value)),
    nameOf: (list, code) => profile[list].find((t) => t.code === code)?.name ?? code,
    allowed: (list) => profile[list].map((t) => `${t.name} (${t.code})`).join(', '),
  };
}

const cache = new Map<string, Taxonomy>();

/**
 * Reads and validates a profile file (the Shenzhen profile shipped with Kepu when `filePath` is null) (cached per path: profiles are data that change with a restart).
 * @example loadTaxonomy(config.taxonomyProfile).find('districts', '南山') // { code: 'nanshan', … }
 */
export function loadTaxonomy(filePath: string | null = null): Taxonomy {
  const file = filePath ?? '(built-in Shenzhen profile)';
  const cached = cache.get(file);
  if (cached) return cached;
  let raw: unknown = SHENZHEN_PROFILE;
  try {
    if (filePath) raw = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new TaxonomyProfileError(
      `KEPU_TAXONOMY_PROFILE=${file} cannot be read as JSON: ${(error as Error).message}. ` +
        'Point it at a profile file like packages/server/src/domains/registry/taxonomy/shenzhen.json.',
    );
  }
  const parsed = TaxonomyProfile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new TaxonomyProfileError(`The taxonomy profile ${file} is not valid: ${problems}.`);
  }
  const taxonomy = createTaxonomy(parsed.data);
  cache.set(file, taxonomy);
  return taxonomy;
}
