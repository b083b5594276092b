import type { RequestOptions } from '../client.js';
import type { EventStats, EventStatsQuery } from '../schema/events.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** Figures for reports. */
export class Stats extends APIResource {
  /** `GET /v1/stats/events`: events, registrations and attendance by district, type and month. */
  events(query: QueryParams<typeof EventStatsQuery> = {}, options?: RequestOptions): Promise<EventStats> {
    return this.client.call('stats.events', { query }, options);
  }
}
