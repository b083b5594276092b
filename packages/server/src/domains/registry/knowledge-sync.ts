import type { Tx } from '../../db/create-database.js';
import { upsertKnowledge, withdrawKnowledge } from '../assistant/knowledge.js';
import { KIND_NAMES, type ResourceRow } from './mapping.js';
import { formatOpeningHours } from './opening-hours.js';
import type { Taxonomy } from './taxonomy/profile.js';

/**
 * A published entry (new, approved revision, re-imported) enters or refreshes the assistant's knowledge index, in
 * the caller's transaction: the assistant cites exactly what is published.
 */
export async function onResourcePublished(tx: Tx, row: ResourceRow, taxonomy: Taxonomy): Promise<void> {
  const district = row.district ? taxonomy.nameOf('districts', row.district) : null;
  const topics = row.topics.map((t) => taxonomy.nameOf('topics', t));
  const lines = [
    row.description,
    `类型：${KIND_NAMES[row.kind as keyof typeof KIND_NAMES] ?? row.kind}`,
    row.address ? `地址：${district ?? ''}${row.address}` : '',
    row.transitHint ? `交通：${row.transitHint}` : '',
    row.openingHours ? `开放时间：${formatOpeningHours(row.openingHours)}` : '',
    row.booking
      ? `预约：${row.booking.required ? '需要预约' : '无需预约'}${row.booking.notes ? `，${row.booking.notes}` : ''}`
      : '',
    topics.length ? `主题：${topics.join('、')}` : '',
    row.website ? `网址：${row.website}` : '',
  ].filter(Boolean);
  await upsertKnowledge(tx, {
    sourceType: 'resource',
    sourceId: row.id,
    externalId: row.externalId,
    title: row.name,
    text: lines.join('\n'),
    url: `/v1/resources/${row.id}`,
    district,
    topics,
    publishedAt: row.publishedAt,
    facts: { kind: row.kind, address: row.address, lat: row.lat, lng: row.lng, website: row.website },
  });
}

/** An archived (or otherwise no longer public) entry leaves the knowledge index in the caller's transaction. */
export async function onResourceWithdrawn(tx: Tx, resourceId: string): Promise<void> {
  await withdrawKnowledge(tx, 'resource', resourceId);
}
