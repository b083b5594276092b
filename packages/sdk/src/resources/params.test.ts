import { describe, expectTypeOf, it } from 'vitest';
import type { EventListQuery } from '../schema/events.js';
import type { ImportQuery } from '../schema/imports.js';
import type { QueryParams } from './params.js';

// Type-level: checked by `tsc -b` (tsconfig.test.json); the runtime assertions are trivially true.
describe('QueryParams', () => {
  it('asks for parsed numbers, accepts booleans for true/false flags, keeps other text as is', () => {
    type Events = QueryParams<typeof EventListQuery>;
    expectTypeOf<Events['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Events['free']>().toEqualTypeOf<'true' | 'false' | boolean | undefined>();
    expectTypeOf<Events['district']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<QueryParams<typeof ImportQuery>['mode']>().toEqualTypeOf<
      'all-or-nothing' | 'skip-invalid' | undefined
    >();
    expectTypeOf<QueryParams<typeof ImportQuery>['dryRun']>().toEqualTypeOf<
      'true' | 'false' | '1' | '0' | boolean | undefined
    >();
    expectTypeOf<{ limit: '20' }>().not.toExtend<Events>();
  });
});
