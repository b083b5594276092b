/** One measured figure next to its baseline from the same run. */
export interface Row {
  figure: string;
  metric: string;
  ours: number | string;
  baseline?: number | string;
  /** What the baseline is (a peer, a bare endpoint, a target). */
  baselineName?: string;
  unit?: string;
  /** For ratio direction: true when bigger is better (throughput, recall). */
  higherIsBetter?: boolean;
  note?: string;
}

function fmt(value: number | string | undefined, unit = ''): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  const n = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
  return `${n}${unit ? ` ${unit}` : ''}`;
}

export function ratio(row: Row): string {
  if (typeof row.ours !== 'number' || typeof row.baseline !== 'number' || row.baseline === 0) return '—';
  return `${(row.ours / row.baseline).toFixed(2)}×`;
}

/** The markdown table `pnpm bench` prints and docs/benchmarks.md records. */
export function markdownTable(rows: Row[]): string {
  const lines = [
    '| figure | metric | ours | baseline | ratio (ours/baseline) | note |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const baseline = r.baseline === undefined ? '—' : `${fmt(r.baseline, r.unit)} (${r.baselineName ?? 'baseline'})`;
    lines.push(`| ${r.figure} | ${r.metric} | ${fmt(r.ours, r.unit)} | ${baseline} | ${ratio(r)} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}
