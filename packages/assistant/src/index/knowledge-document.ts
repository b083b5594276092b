import type { SourceType } from '@kepu/sdk/schema';

/**
 * A published record as the domains hand it to the knowledge index. The text is what may be quoted and cited;
 * `facts` carries small structured values a tool needs (e.g. a rumour entry's rating), never personal data.
 */
export interface KnowledgeDocument {
  sourceType: SourceType;
  /** The record's id in its own table (`res_…`, `evt_…`). */
  sourceId: string;
  /** A stable identifier outside Kepu (e.g. the association's catalogue number), used by evaluation cases. */
  externalId?: string | null;
  title: string;
  text: string;
  url?: string | null;
  district?: string | null;
  topics?: readonly string[];
  publishedAt?: Date | null;
  /** After this, the record is history (e.g. an event that ended). */
  validUntil?: Date | null;
  /** After this, the content is overdue for review and is never cited. */
  reviewDueAt?: Date | null;
  facts?: Record<string, unknown>;
}
