// The same calls in every runtime (Node, Deno, Bun): the SDK module comes in as an argument, so Deno and Bun run it
// against the bundled client while Node runs it against the sources. Web-standard APIs only; no imports at run time.
import type * as Sdk from '../index.js';

export interface SmokeTarget {
  baseURL: string;
  apiKey: string;
  /** A local server that misbehaves on purpose (see runtimes.test.ts): `/healthz` fails twice, `/readyz` stalls. */
  flakyURL: string;
}

/** What one run observed; the test compares the runtimes' results with each other and with expectations. */
export interface SmokeResult {
  runtime: string;
  resources: { firstPage: string[]; hasNextPage: boolean; iterated: string[]; pages: number };
  rumour: { decision: string; firstMatch: string | null };
  /** Request ids of successful answers: `.withResponse()`, the hidden `_request_id`, a page's. */
  success: { withResponse: boolean; hidden: boolean; page: boolean };
  answer: { text: string; intent: string; citations: number };
  /** The same question through the OpenAI-compatible endpoint, streamed. */
  completion: { sameText: boolean; chunks: number; citations: number };
  notFound: { name: string; isAPIError: boolean; status: number; code: string; requestId: string | undefined };
  aborted: { name: string; deltasBeforeAbort: number };
  /** Retries (a dropped connection, then a 429 with Retry-After) and a per-attempt timeout, in this runtime. */
  flaky: { retried: unknown; timeout: string };
}

interface RuntimeGlobals {
  Deno?: { version: { deno: string } };
  Bun?: { version: string };
  process?: { versions?: { node?: string } };
}

function runtimeName(): string {
  const g = globalThis as RuntimeGlobals;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process?.versions?.node ?? '?'}`;
}

/**
 * Runs the calls. Four of them count against the assistant's rate limit (20/min per key by default): the three runs
 * of the test (Node, Deno, Bun) stay well under it with one key.
 */
export async function runSmoke(sdk: typeof Sdk, target: SmokeTarget): Promise<SmokeResult> {
  const { flakyURL, ...server } = target;
  const kepu = new sdk.Kepu({ ...server, maxRetries: 0, timeout: 20_000 });

  // Pagination: the first page alone, then every item across pages (ten per page, stopped after 25 items).
  const first = await kepu.resources.list({ limit: 10 });
  const iterated: string[] = [];
  for await (const resource of kepu.resources.list({ limit: 10 })) {
    iterated.push(resource.id);
    if (iterated.length === 25) break;
  }
  let pages = 0;
  for await (const _page of (await kepu.resources.list({ limit: 10 })).iterPages()) {
    if (++pages === 3) break;
  }

  const {
    data: check,
    response,
    requestId,
  } = await kepu.rumours.check({ text: '转发！听说喝隔夜茶会致癌，是真的吗？' }).withResponse();
  const success = {
    withResponse: response.status === 200 && !!requestId && response.headers.get('x-request-id') === requestId,
    hidden: check._request_id === requestId && !Object.keys(check).includes('_request_id'),
    page: !!first._request_id && first._request_id !== requestId,
  };

  const question = { messages: [{ role: 'user' as const, content: '喝隔夜茶会致癌吗？' }], stream: true as const };
  const stream = await kepu.assistant.chat(question);
  const text = await stream.text();
  const message = await stream.finalMessage();

  const completionStream = await kepu.chat.completions.create(question);
  let chunks = 0;
  for await (const _chunk of completionStream) chunks++;
  const completed = await completionStream.finalCompletion();
  const completion = {
    sameText: completed.choices[0]?.message.content === text,
    chunks,
    citations: completed.kepu.citations.length,
  };

  const missing: unknown = await kepu.events.retrieve('evt_does_not_exist').catch((error: unknown) => error);
  const notFound =
    missing instanceof sdk.NotFoundError
      ? {
          name: missing.name,
          isAPIError: missing instanceof sdk.APIError,
          status: missing.status,
          code: missing.code,
          requestId: missing.requestId,
        }
      : { name: String(missing), isAPIError: false, status: 0, code: '', requestId: undefined };

  // Abort with the caller's signal in the middle of an answer that is being streamed.
  const controller = new AbortController();
  let deltasBeforeAbort = 0;
  let abortName = 'not aborted';
  try {
    const aborting = await kepu.assistant.chat(question, { signal: controller.signal });
    for await (const event of aborting) {
      if (event.event !== 'delta') continue;
      deltasBeforeAbort++;
      controller.abort();
    }
  } catch (error) {
    abortName = error instanceof sdk.APIUserAbortError ? error.name : `wrong error: ${String(error)}`;
  }

  // The flaky server keeps its count per run, told apart by this header.
  const flakyClient = new sdk.Kepu({ baseURL: flakyURL, apiKey: null, defaultHeaders: { 'x-run': runtimeName() } });
  const retried = await flakyClient.health.live({ maxRetries: 2 }).catch((error: unknown) => String(error));
  const timedOut: unknown = await flakyClient.health
    .ready({ maxRetries: 0, timeout: 300 })
    .catch((error: unknown) => error);
  const flaky = {
    retried,
    timeout: timedOut instanceof sdk.APIConnectionTimeoutError ? timedOut.name : `wrong: ${String(timedOut)}`,
  };

  return {
    runtime: runtimeName(),
    resources: { firstPage: first.data.map((r) => r.id), hasNextPage: first.hasNextPage(), iterated, pages },
    rumour: { decision: check.decision, firstMatch: check.matches[0]?.id ?? null },
    success,
    answer: { text, intent: message.intent, citations: message.citations.length },
    completion,
    notFound,
    aborted: { name: abortName, deltasBeforeAbort },
    flaky,
  };
}
