import { eventsImporter } from '../domains/events/importer.js';
import { resourcesImporter } from '../domains/registry/importer.js';
import { rumourImporter } from '../domains/rumours/importer.js';
import type { AnyImporter } from './importer.js';

/**
 * Every importer, by kind: `pnpm kepu import <kind> <file>` looks here. Add one line per domain (shared file).
 */
export const IMPORTERS: readonly AnyImporter[] = [resourcesImporter, rumourImporter, eventsImporter];

export function findImporter(kind: string): AnyImporter | undefined {
  return IMPORTERS.find((i) => i.kind === kind);
}
