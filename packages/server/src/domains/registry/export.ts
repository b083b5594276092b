import { eq } from 'drizzle-orm';
import { registryDesignations, registryResources } from '../../db/schema/registry.js';
import { RESOURCE_COLUMNS } from './importer.js';
import { KIND_NAMES } from './mapping.js';
import { formatOpeningHours } from './opening-hours.js';
import type { RegistryDeps } from './service.js';

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The published entries as CSV with the collection form's Chinese headers (re-importable as is; UTF-8 with BOM so
 * Excel opens it) or as JSONL of the API's fields.
 */
export async function exportResources(deps: RegistryDeps, format: 'csv' | 'jsonl'): Promise<string> {
  const { taxonomy } = deps;
  const rows = await deps.db
    .select()
    .from(registryResources)
    .where(eq(registryResources.status, 'published'))
    .orderBy(registryResources.id);
  const designations = await deps.db
    .select({
      resourceId: registryDesignations.resourceId,
      scheme: registryDesignations.scheme,
      grantedOn: registryDesignations.grantedOn,
      grantedPrecision: registryDesignations.grantedPrecision,
    })
    .from(registryDesignations)
    .innerJoin(registryResources, eq(registryResources.id, registryDesignations.resourceId))
    .where(eq(registryResources.status, 'published'));
  const records = rows.map((r) => {
    const ages =
      r.ageMin !== null && r.ageMax !== null
        ? `${r.ageMin}-${r.ageMax}`
        : r.ageMin !== null
          ? `${r.ageMin}岁以上`
          : r.ageMax !== null
            ? `${r.ageMax}岁以下`
            : '';
    const values: Record<string, string> = {
      externalId: r.externalId ?? '',
      name: r.name,
      kind: KIND_NAMES[r.kind as keyof typeof KIND_NAMES] ?? r.kind,
      district: r.district ? taxonomy.nameOf('districts', r.district) : '',
      address: r.address ?? '',
      lng: r.lng?.toString() ?? '',
      lat: r.lat?.toString() ?? '',
      topics: r.topics.map((t) => taxonomy.nameOf('topics', t)).join('、'),
      ages,
      audiences: r.audienceGroups.map((a) => taxonomy.nameOf('audiences', a)).join('、'),
      openingHours: r.openingHours ? formatOpeningHours(r.openingHours) : '',
      description: r.description,
      website: r.website ?? '',
      designations: designations
        .filter((d) => d.resourceId === r.id)
        // A grant known by its year exports as the year (re-imports as the same grant).
        .map(
          (d) =>
            `${taxonomy.nameOf('designationSchemes', d.scheme)}:${d.grantedPrecision === 'year' ? d.grantedOn.slice(0, 4) : d.grantedOn}`,
        )
        .join('；'),
      transitHint: r.transitHint ?? '',
      booking: r.booking ? (r.booking.required ? (r.booking.notes ?? '需要预约') : '无需预约') : '',
      organization: r.organization?.name ?? '',
      assuredDate: r.assuredDate ?? '',
    };
    return { id: r.id, values };
  });
  if (format === 'jsonl') {
    return records.map((r) => `${JSON.stringify({ id: r.id, ...r.values })}\n`).join('');
  }
  const header = RESOURCE_COLUMNS.map((c) => c.label).join(',');
  const lines = records.map((r) => RESOURCE_COLUMNS.map((c) => csvField(r.values[c.field] ?? '')).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}
