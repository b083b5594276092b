import { describe, expect, it } from 'vitest';
import { parseSSE, type ServerSentEvent } from './sse.js';

/** A body that delivers `text` as UTF-8 in the given chunk sizes (cutting through characters on purpose). */
function bodyOf(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  for await (const message of parseSSE(body)) out.push(message);
  return out;
}

const STREAM =
  '\uFEFF: a comment\n' +
  'event: meta\nid: m1:0\ndata: {"intent":"rumour_check"}\n\n' +
  'event: delta\r\ndata: {"text":"隔夜茶"}\r\n\r\n' +
  'event: delta\rdata: {"text":"不会致癌"}\r\r' +
  'data: line one\ndata: line two\nretry: 3000\n\n' +
  'event: empty\n\n' +
  'event: done\ndata:{"followUps":[]}\n\n' +
  'data: never terminated';

describe('parseSSE', () => {
  it.each([1, 2, 3, 7, 64, 4096])('parses the same messages whatever the chunk size (%i bytes)', async (size) => {
    const messages = await collect(bodyOf(STREAM, size));
    expect(messages).toEqual([
      { event: 'meta', data: '{"intent":"rumour_check"}', id: 'm1:0', retry: undefined },
      { event: 'delta', data: '{"text":"隔夜茶"}', id: 'm1:0', retry: undefined },
      { event: 'delta', data: '{"text":"不会致癌"}', id: 'm1:0', retry: undefined },
      { event: 'message', data: 'line one\nline two', id: 'm1:0', retry: 3000 },
      { event: 'done', data: '{"followUps":[]}', id: 'm1:0', retry: 3000 },
    ]);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const message of parseSSE(body)) {
      expect(message.data).toBe('x');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
