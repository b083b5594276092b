import type { z } from 'zod';

/** One query field: as the schema takes it from text, plus the value a caller naturally has. */
type QueryField<Input, Output> = unknown extends Input
  ? Output // `z.coerce.number()` takes unknown: ask for what it parses to
  : [Input] extends ['true' | 'false' | '1' | '0' | undefined]
    ? 'true' extends Input
      ? Input | boolean // a `'true' | 'false'` flag: a boolean is sent as that text
      : Input
    : Input;

/**
 * The query parameters of a list or search, typed from its schema. Fields the server coerces from text take their
 * parsed type (`limit: number`), and `'true' | 'false'` flags also take a boolean.
 */
export type QueryParams<Schema extends z.ZodType> = {
  [K in keyof z.input<Schema>]: QueryField<
    z.input<Schema>[K],
    K extends keyof z.output<Schema> ? z.output<Schema>[K] : never
  >;
};
