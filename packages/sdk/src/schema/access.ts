import { z } from 'zod';

/** What a secret key may do. `admin` implies every other scope. */
export const Scope = z
  .enum([
    'registry:write',
    'registry:review',
    'events:write',
    'registrations:read',
    'volunteers:write',
    'volunteers:pii',
    'rumours:write',
    'rumours:review',
    'stats:read',
    'admin',
  ])
  .meta({ id: 'Scope' });
export type Scope = z.infer<typeof Scope>;

export const KeyKind = z.enum(['publishable', 'secret']).meta({ id: 'KeyKind' });
export type KeyKind = z.infer<typeof KeyKind>;
