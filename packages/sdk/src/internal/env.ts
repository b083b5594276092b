interface RuntimeGlobals {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
  window?: { document?: unknown };
  navigator?: unknown;
}

/** An environment variable where the runtime has them (Node, Bun, Deno with --allow-env); undefined in browsers. */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as RuntimeGlobals;
  try {
    const value = runtime.process?.env?.[name] ?? runtime.Deno?.env?.get(name);
    return value?.trim() || undefined;
  } catch {
    return undefined; // Deno without --allow-env throws
  }
}

/** True in a web page (not in Node, Deno, Bun or a worker). */
export function isBrowser(): boolean {
  const runtime = globalThis as RuntimeGlobals;
  return typeof runtime.window === 'object' && typeof runtime.window?.document === 'object';
}

/** A random UUID even where `crypto.randomUUID` is missing (pages served over plain http). */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
