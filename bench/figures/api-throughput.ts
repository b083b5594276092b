import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../lib/load.js';
import { type ChildServer, startBareHono } from '../lib/processes.js';
import type { Row } from '../lib/report.js';

export interface Endpoint {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Figure 1: our endpoints next to a bare Hono endpoint that returns the same bytes in the same process setup,
 * so the ratio shows what our work (validation, database, search) costs. Also samples RSS under load (figure 7).
 */
export async function apiThroughput(
  kepu: ChildServer,
  endpoints: Endpoint[],
  options: { durationSec: number; connections: number },
): Promise<{ rows: Row[]; peakRssMiB: number }> {
  const rows: Row[] = [];
  let peakRssMiB = kepu.rssMiB();
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, kepu.rssMiB());
  }, 250);
  try {
    for (const endpoint of endpoints) {
      const init: RequestInit = {
        method: endpoint.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...endpoint.headers },
        ...(endpoint.body ? { body: endpoint.body } : {}),
      };
      const sample = await fetch(`${kepu.url}${endpoint.path}`, init);
      const body = await sample.text();
      if (!sample.ok) throw new Error(`${endpoint.name}: ${sample.status} ${body.slice(0, 300)}`);
      const bodyFile = path.join(tmpdir(), `kepu-bench-${process.pid}-${rows.length}.json`);
      await writeFile(bodyFile, body);
      const bare = await startBareHono(bodyFile);
      try {
        const common = {
          method: endpoint.method,
          body: endpoint.body,
          headers: init.headers as Record<string, string>,
        };
        const ours = await load({ url: `${kepu.url}${endpoint.path}`, ...common, ...options });
        const base = await load({ url: `${bare.url}${endpoint.path}`, ...common, ...options });
        const figure = `API ${endpoint.name}`;
        const baselineName = `bare Hono, same ${body.length} B`;
        rows.push(
          {
            figure,
            metric: 'requests/s',
            ours: ours.requestsPerSec,
            baseline: base.requestsPerSec,
            baselineName,
            higherIsBetter: true,
          },
          { figure, metric: 'p50 latency', ours: ours.p50Ms, baseline: base.p50Ms, baselineName, unit: 'ms' },
          { figure, metric: 'p99 latency', ours: ours.p99Ms, baseline: base.p99Ms, baselineName, unit: 'ms' },
          {
            figure,
            metric: 'errors + non-2xx',
            ours: ours.errors + ours.non2xx,
            baseline: base.errors + base.non2xx,
            baselineName,
            note: `${ours.total} requests; must be 0`,
          },
        );
      } finally {
        await bare.stop();
      }
    }
  } finally {
    clearInterval(sampler);
  }
  return { rows, peakRssMiB };
}
