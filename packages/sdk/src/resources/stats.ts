import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { AssistantStats, AssistantStatsQuery } from '../schema/assistant.js';
import type { EventStats, EventStatsQuery } from '../schema/events.js';
import type { ResourceStats } from '../schema/registry.js';
import type { VolunteerStats, VolunteerStatsQuery } from '../schema/volunteers.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** Figures for reports. */
export class Stats extends APIResource {
  /** `GET /v1/stats/events` (scope `stats:read`): events, registrations and attendance by district, type and month. */
  events(query: QueryParams<typeof EventStatsQuery> = {}, options?: RequestOptions): APIPromise<EventStats> {
    return this.client.call('stats.events', { query }, options);
  }

  /** `GET /v1/stats/volunteers` (public aggregates): active volunteers and approved hours. */
  volunteers(
    query: QueryParams<typeof VolunteerStatsQuery> = {},
    options?: RequestOptions,
  ): APIPromise<VolunteerStats> {
    return this.client.call('stats.volunteers', { query }, options);
  }

  /** `GET /v1/stats/assistant`: questions, intents, no-answer rate, top unanswered questions, feedback. */
  assistant(query: QueryParams<typeof AssistantStatsQuery> = {}, options?: RequestOptions): APIPromise<AssistantStats> {
    return this.client.call('stats.assistant', { query }, options);
  }

  /** `GET /v1/stats/resources`: counts by status, kind, district and active designation (统计监测). */
  resources(options?: RequestOptions): APIPromise<ResourceStats> {
    return this.client.call('stats.resources', {}, options);
  }
}
