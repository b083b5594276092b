import type { Row } from '../lib/report.js';
import { apiFigures } from './api.js';
import { claimMatching } from './claim-matching.js';
import { retrievalAtScale } from './retrieval.js';
import { sdkSize } from './sdk-size.js';
import { widgetSize } from './widget-size.js';

export interface FigureContext {
  quick: boolean;
  log(message: string): void;
}

export interface Figure {
  name: string;
  run(context: FigureContext): Promise<Row[]>;
}

/** Every figure of `pnpm bench`, in the order printed. */
export const FIGURES: readonly Figure[] = [
  { name: 'api', run: apiFigures },
  { name: 'retrieval', run: retrievalAtScale },
  { name: 'claims', run: claimMatching },
  { name: 'widget', run: widgetSize },
  { name: 'sdk', run: sdkSize },
];
