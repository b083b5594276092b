import type { OpeningHours } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './access.js';

/** A full-text vector built from jieba tokens with the `simple` configuration (Postgres cannot segment Chinese). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export interface StoredOrganization {
  name: string;
  unifiedSocialCreditCode: string | null;
  contactRole: string | null;
  website: string | null;
}
export interface StoredBooking {
  required: boolean;
  url?: string | undefined;
  notes?: string | undefined;
}
export interface StoredMedia {
  type: 'image' | 'video' | 'page';
  url: string;
  title?: string | undefined;
}

/**
 * Entries of the 科普资源名录 (HSDS service + location + schedule in one row; one location per entry).
 * Taxonomy values are stored as profile codes.
 */
export const registryResources = pgTable(
  'registry_resources',
  {
    id: text().primaryKey(),
    externalId: text(),
    kind: text().notNull(),
    status: text().notNull(),
    name: text().notNull(),
    /** Name without spaces, punctuation and case: the duplicate check compares this. */
    normalizedName: text().notNull(),
    description: text().notNull(),
    /** The organisation as the submitter wrote it (the contact role is the entry's own); see `organizationId`. */
    organization: jsonb().$type<StoredOrganization>(),
    /** The deduplicated organisation (by unified social credit code, else normalised name): registry/organizations.ts. */
    organizationId: text().references(() => organizations.id),
    /** The partner that submitted the entry: its reviewers may not approve it. */
    submitterOrganizationId: text().references(() => organizations.id),
    address: text(),
    normalizedAddress: text(),
    district: text(),
    lat: doublePrecision(),
    lng: doublePrecision(),
    transitHint: text(),
    accessibility: text().array().notNull().default(sql`'{}'::text[]`),
    openingHours: jsonb().$type<OpeningHours>(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    audienceGroups: text().array().notNull().default(sql`'{}'::text[]`),
    ageMin: integer(),
    ageMax: integer(),
    booking: jsonb().$type<StoredBooking>(),
    media: jsonb().$type<StoredMedia[]>().notNull().default([]),
    website: text(),
    assuredDate: date({ mode: 'string' }),
    demo: boolean().notNull().default(false),
    source: text(),
    searchVector: tsvector(),
    publishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registry_resources_external_id_idx').on(t.externalId),
    index().on(t.status, t.id),
    index().on(t.normalizedName, t.district),
    index().on(t.normalizedAddress),
    index('registry_resources_topics_idx').using('gin', t.topics),
    index('registry_resources_search_idx').using('gin', t.searchVector),
    index().on(t.organizationId),
  ],
);

/**
 * What identifies an organisation behind entries: `uscc:<unified social credit code>` or `name:<normalised name>`.
 * The primary key makes two submissions naming the same organisation resolve to one `organizations` row.
 */
export const registryOrganizationKeys = pgTable('registry_organization_keys', {
  key: text().primaryKey(),
  organizationId: text()
    .notNull()
    .references(() => organizations.id),
});

/** A proposed change to a published entry; reviewed while the published version stays visible. */
export const registryRevisions = pgTable(
  'registry_revisions',
  {
    id: text().primaryKey(),
    resourceId: text()
      .notNull()
      .references(() => registryResources.id),
    status: text().notNull(),
    /** The complete proposed entry (a validated `ResourceInput` after taxonomy resolution). */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    note: text(),
    submitterOrganizationId: text(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.resourceId, t.status)],
);

/** Every workflow transition: who, when, why. Listable per entry. */
export const registryTransitions = pgTable(
  'registry_transitions',
  {
    id: text().primaryKey(),
    resourceId: text()
      .notNull()
      .references(() => registryResources.id),
    revisionId: text(),
    action: text().notNull(),
    fromStatus: text(),
    toStatus: text().notNull(),
    actorKeyId: text(),
    actorOrganizationId: text(),
    reason: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.resourceId, t.at)],
);

/** A recognition (认定) of an entry under a scheme of the taxonomy profile. */
export const registryDesignations = pgTable(
  'registry_designations',
  {
    id: text().primaryKey(),
    resourceId: text()
      .notNull()
      .references(() => registryResources.id),
    scheme: text().notNull(),
    grantedOn: date({ mode: 'string' }).notNull(),
    /** `year`: only the year of the grant is known (grantedOn is then 1 January of it, not a date to quote). */
    grantedPrecision: text().notNull().default('day'),
    validUntil: date({ mode: 'string' }),
    status: text().notNull().default('active'),
    certificateNo: text(),
    source: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registry_designations_resource_scheme_idx').on(t.resourceId, t.scheme, t.grantedOn),
    index().on(t.scheme),
  ],
);

/** Annual assessment (年度评估) of a designation. */
export const registryAssessments = pgTable(
  'registry_assessments',
  {
    id: text().primaryKey(),
    designationId: text()
      .notNull()
      .references(() => registryDesignations.id),
    year: integer().notNull(),
    result: text().notNull(),
    notes: text(),
    assessedOn: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('registry_assessments_designation_year_idx').on(t.designationId, t.year)],
);

/** 科普旅游路线: themed, ordered stops. */
export const registryRoutes = pgTable(
  'registry_routes',
  {
    id: text().primaryKey(),
    externalId: text(),
    name: text().notNull(),
    theme: text().notNull(),
    description: text().notNull(),
    durationText: text().notNull(),
    durationMinutes: integer(),
    audienceGroups: text().array().notNull().default(sql`'{}'::text[]`),
    ageMin: integer(),
    ageMax: integer(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    status: text().notNull().default('published'),
    demo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('registry_routes_external_id_idx').on(t.externalId)],
);

export const registryRouteStops = pgTable(
  'registry_route_stops',
  {
    routeId: text()
      .notNull()
      .references(() => registryRoutes.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    resourceId: text()
      .notNull()
      .references(() => registryResources.id),
    note: text(),
    stayMinutes: integer(),
  },
  (t) => [uniqueIndex('registry_route_stops_pk').on(t.routeId, t.position), index().on(t.resourceId)],
);
