import { assistantSeeder } from '../domains/assistant/seed.js';
import { eventsSeeder } from '../domains/events/seed.js';
import { registrySeeder } from '../domains/registry/seed.js';
import { rumoursSeeder } from '../domains/rumours/seed.js';
import { volunteersSeeder } from '../domains/volunteers/seed.js';
import type { DemoSeeder } from './run-seeders.js';

/** The demo data set, in dependency order (registry before events, events before volunteers…). */
export const DEMO_SEEDERS: readonly DemoSeeder[] = [
  registrySeeder,
  eventsSeeder,
  volunteersSeeder,
  rumoursSeeder,
  /* keep last: indexes what the others published */ assistantSeeder,
];
