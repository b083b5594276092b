/** One Server-Sent Events message. `event` defaults to `message`, as in the EventSource standard. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
  retry: number | undefined;
}

/**
 * Parses a `text/event-stream` body into messages, following the WHATWG EventSource rules: `\n`, `\r\n` or `\r`
 * line ends, multi-line `data:`, comments (`:`), a leading BOM, and a message ends at a blank line. Messages
 * without data are not dispatched. Chunk boundaries may fall anywhere, even inside a UTF-8 character.
 * @example for await (const message of parseSSE(response.body)) console.log(message.event, message.data)
 */
export async function* parseSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let first = true;
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (first && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
        first = false;
      }
      let start = 0;
      for (;;) {
        const end = lineEnd(buffer, start);
        // A lone `\r` at the end of the buffer may be the first half of `\r\n`: wait for more, unless done.
        if (end === -1 || (buffer[end] === '\r' && end === buffer.length - 1 && !done)) break;
        const line = buffer.slice(start, end);
        start = end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id, retry };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
      }
      buffer = buffer.slice(start);
      if (done) {
        finished = true;
        return; // an unterminated last message is dropped, as EventSource does
      }
    }
  } finally {
    // The consumer stopped early (break, error): close the connection rather than leave it half-read.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
