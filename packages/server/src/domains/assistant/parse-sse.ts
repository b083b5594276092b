import { ChatStreamEvent } from '@kepu/sdk/schema';

/** Parses a complete SSE body of the chat endpoint into events, validating each against the SDK's schema. */
export function parseSse(body: string): (ChatStreamEvent & { id: string })[] {
  return body
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const i = line.indexOf(':');
        fields[line.slice(0, i)] =
          (fields[line.slice(0, i)] ? `${fields[line.slice(0, i)]}\n` : '') + line.slice(i + 1).trimStart();
      }
      const event = ChatStreamEvent.parse({ event: fields.event, data: JSON.parse(fields.data ?? 'null') });
      return { ...event, id: fields.id ?? '' };
    });
}
