import { assistantSeeder } from '../domains/assistant/seed.js';
import { eventsSeeder } from '../domains/events/seed.js';
import { volunteersSeeder } from '../domains/volunteers/seed.js';
import type { DemoSeeder } from './run-seeders.js';

/** The demo data set, in dependency order (registry before events, events before volunteers…). */
export const DEMO_SEEDERS: readonly DemoSeeder[] = [
  eventsSeeder,
  volunteersSeeder,
  /* keep last: indexes what the others published */ assistantSeeder,
];
