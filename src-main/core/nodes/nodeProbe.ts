/**
 * What a node's model really supports, found by asking it small questions: a streamed reply, a forced tool call,
 * a JSON-schema reply. A 4xx or an ignored feature is "no"; a transport failure leaves it unknown (null).
 */
import { z } from 'zod';
import type { NodeCapabilities } from '@contract';
import { tryParseJson } from '../lib/jsonText';
import { openaiClient, type NodeConnection } from './nodeClient';

const PROBE_TIMEOUT_MS = 60_000;

type Verdict = boolean | null;

async function verdict(work: () => Promise<boolean>): Promise<Verdict> {
  try {
    return await work();
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    // The server understood and refused the feature; anything else says nothing about it.
    return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429
      ? false
      : null;
  }
}

export async function probeCapabilities(
  conn: NodeConnection,
  model: string,
  signal: AbortSignal,
): Promise<NodeCapabilities> {
  const client = await openaiClient(conn, PROBE_TIMEOUT_MS);
  const streaming = await verdict(async () => {
    const stream = await client.chat.completions.create(
      { model, stream: true, max_tokens: 4, messages: [{ role: 'user', content: 'Say OK.' }] },
      { signal },
    );
    let chunks = 0;
    for await (const _chunk of stream) chunks += 1;
    return chunks > 0;
  });
  const tools = await verdict(async () => {
    const reply = await client.chat.completions.create(
      {
        model,
        max_tokens: 160,
        messages: [{ role: 'user', content: 'Call the ping tool.' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'ping',
              description: 'Checks that the service answers',
              // A boolean keeps a forced call short even for a model that rambles inside strings.
              parameters: { type: 'object', properties: { loud: { type: 'boolean' } }, required: ['loud'] },
            },
          },
        ],
        tool_choice: 'required',
      },
      { signal },
    );
    return (reply.choices[0]?.message.tool_calls ?? []).some(
      (c) => c.type === 'function' && c.function.name === 'ping',
    );
  });
  const jsonSchema = await verdict(async () => {
    const reply = await client.chat.completions.create(
      {
        model,
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Answer with {"ok": true}.' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'probe',
            strict: true,
            schema: {
              type: 'object',
              properties: { ok: { type: 'boolean' } },
              required: ['ok'],
              additionalProperties: false,
            },
          },
        },
      },
      { signal },
    );
    return isOkObject(reply.choices[0]?.message.content ?? '');
  });
  return { streaming, tools, jsonSchema };
}

const OkObject = z.object({ ok: z.boolean() });

function isOkObject(text: string): boolean {
  return OkObject.safeParse(tryParseJson(text)).success;
}
