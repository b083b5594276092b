import { z } from 'zod';

const Code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lower-case letters, digits and dashes, e.g. "nanshan"')
  .meta({ description: 'Stable machine code of a term; names may change, codes do not.' });

/** One term of a taxonomy (a district, a topic, an audience group). */
export const TaxonomyTerm = z
  .object({
    code: Code,
    name: z.string().min(1).max(60).meta({ example: '南山区' }),
    aliases: z
      .array(z.string().min(1).max(60))
      .default([])
      .meta({ description: 'Other spellings accepted on input, e.g. 南山, Nanshan.' }),
  })
  .meta({ id: 'TaxonomyTerm' });
export type TaxonomyTerm = z.infer<typeof TaxonomyTerm>;

/** A recognition scheme (认定) and its criteria, as data. */
export const DesignationScheme = z
  .object({
    code: Code,
    name: z.string().min(1).max(80).meta({ example: '深圳市科普教育基地' }),
    aliases: z.array(z.string().min(1).max(80)).default([]),
    level: z.enum(['national', 'provincial', 'city', 'district']).meta({ description: '认定级别' }),
    issuer: z.string().max(80).optional().meta({ example: '深圳市科学技术协会' }),
    validityYears: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .meta({ description: 'Default validity of a grant; the grant may set its own `validUntil`.' }),
    criteria: z
      .array(z.string().min(1).max(300))
      .default([])
      .meta({ description: 'The published criteria, one per line, as the scheme states them.' }),
    sourceUrl: z.url().optional().meta({ description: 'Where the scheme and its criteria are published.' }),
  })
  .meta({ id: 'DesignationScheme' });
export type DesignationScheme = z.infer<typeof DesignationScheme>;

/**
 * A city's taxonomies: districts, topics, audience groups and recognition schemes. Shenzhen's is the default;
 * another city loads its own JSON file (`KEPU_TAXONOMY_PROFILE`) without code changes.
 */
export const TaxonomyProfile = z
  .object({
    id: Code.meta({ example: 'shenzhen' }),
    city: z.string().min(1).max(40).meta({ example: '深圳市' }),
    /** Centre of the city, for maps and sanity checks of coordinates. */
    bounds: z
      .object({
        minLat: z.number().min(-90).max(90),
        maxLat: z.number().min(-90).max(90),
        minLng: z.number().min(-180).max(180),
        maxLng: z.number().min(-180).max(180),
      })
      .optional()
      .meta({ description: 'Rough bounding box of the city: coordinates outside it are refused as a likely typo.' }),
    districts: z.array(TaxonomyTerm).min(1),
    topics: z.array(TaxonomyTerm).min(1),
    audiences: z.array(TaxonomyTerm).min(1),
    designationSchemes: z.array(DesignationScheme).default([]),
  })
  .superRefine((profile, ctx) => {
    for (const list of ['districts', 'topics', 'audiences', 'designationSchemes'] as const) {
      const seen = new Set<string>();
      profile[list].forEach((term, i) => {
        if (seen.has(term.code))
          ctx.addIssue({ code: 'custom', path: [list, i, 'code'], message: `duplicate code ${term.code}` });
        seen.add(term.code);
      });
    }
  })
  .meta({ id: 'TaxonomyProfile' });
export type TaxonomyProfile = z.infer<typeof TaxonomyProfile>;
export type TaxonomyProfileInput = z.input<typeof TaxonomyProfile>;
