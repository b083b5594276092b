import type { z } from 'zod';

/**
 * The query parameters of a list or search, typed from its schema. Fields the server coerces from text
 * (`z.coerce.number()`, whose input type is `unknown`) take their parsed type instead, e.g. `limit: number`.
 */
export type QueryParams<Schema extends z.ZodType> = {
  [K in keyof z.input<Schema>]: unknown extends z.input<Schema>[K]
    ? K extends keyof z.output<Schema>
      ? z.output<Schema>[K]
      : never
    : z.input<Schema>[K];
};
