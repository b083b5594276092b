// A bare Hono endpoint for the throughput baseline: same runtime (node + tsx + @hono/node-server), fixed body.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const body = readFileSync(process.argv[2] ?? '', 'utf8');
const app = new Hono();
app.get('/ready', (c) => c.text('ok'));
app.all('*', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
