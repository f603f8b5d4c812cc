/**
 * A running server's resources and prompts (resources/list, resources/read, prompts/list, prompts/get) in the
 * contract's shapes: every page read (bounded), names and descriptions cleaned, binary parts named by size.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpPrompt, McpPromptMessages, McpResource } from '@contract';
import { base64Bytes } from './mcpContent';
import { cleanText } from './mcpToolAdapter';

const MAX_PAGES = 20;
const TIMEOUT_MS = 20_000;

const clean = (value: string | undefined, max: number) => (value ? cleanText(value, max) : null);

export async function listResources(client: Client): Promise<McpResource[]> {
  const out: McpResource[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listResources(cursor === undefined ? {} : { cursor }, { timeout: TIMEOUT_MS });
    for (const r of result.resources) {
      out.push({
        uri: r.uri,
        name: cleanText(r.title ?? r.name, 200),
        description: clean(r.description, 1000),
        mimeType: clean(r.mimeType, 100),
      });
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export async function readResource(client: Client, uri: string) {
  const result = await client.readResource({ uri }, { timeout: TIMEOUT_MS });
  return result.contents.map((part) => ({
    uri: part.uri,
    mimeType: clean(part.mimeType, 100),
    text: 'text' in part && typeof part.text === 'string' ? part.text : null,
    blobBytes: 'blob' in part && typeof part.blob === 'string' ? base64Bytes(part.blob) : null,
  }));
}

export async function listPrompts(client: Client): Promise<McpPrompt[]> {
  const out: McpPrompt[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listPrompts(cursor === undefined ? {} : { cursor }, { timeout: TIMEOUT_MS });
    for (const p of result.prompts) {
      out.push({
        name: p.name,
        description: clean(p.description, 1000),
        arguments: (p.arguments ?? []).map((a) => ({
          name: a.name,
          description: clean(a.description, 500),
          required: a.required === true,
        })),
      });
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export async function getPrompt(
  client: Client,
  name: string,
  args: Record<string, string>,
): Promise<McpPromptMessages> {
  const result = await client.getPrompt({ name, arguments: args }, { timeout: TIMEOUT_MS });
  return {
    description: clean(result.description, 1000),
    messages: result.messages.map((m) => {
      const c = m.content as { type: string; text?: unknown; resource?: { uri?: unknown; text?: unknown } };
      if (c.type === 'text' && typeof c.text === 'string') return { role: m.role, text: c.text };
      if (c.type === 'resource' && typeof c.resource?.text === 'string') {
        return { role: m.role, text: `[resource ${String(c.resource.uri)}]\n${c.resource.text}` };
      }
      return { role: m.role, text: `[${cleanText(c.type, 40)} content]` };
    }),
  };
}
