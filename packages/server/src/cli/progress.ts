/** Progress of a long command: a live line on a TTY, nothing in CI or when output is piped. */
export interface Progress {
  start(label: string, total?: number): void;
  tick(n?: number): void;
  done(summary?: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let label = '';
  let total: number | undefined;
  let count = 0;
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const pct = total ? ` ${Math.floor((count / total) * 100)}%` : '';
    stream.write(`\r${label} ${count}${total ? `/${total}` : ''}${pct}\u001b[K`);
  };
  return {
    start(l, t) {
      label = l;
      total = t;
      count = 0;
      draw(true);
    },
    tick(n = 1) {
      count += n;
      draw();
    },
    done(summary) {
      if (live) stream.write(`\r${label} ${summary ?? `${count} done`}\u001b[K\n`);
    },
  };
}
