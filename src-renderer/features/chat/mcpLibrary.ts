/** Pure helpers of the MCP library panel: a read resource as text to attach, a filled prompt as composer text. */
import type { McpPromptMessages, McpResourceContents } from '@contract';
import type { z } from 'zod';

type Contents = z.output<typeof McpResourceContents>;

/** Text parts as they are under a header naming the resource; binary parts named with their size. */
export function resourceAttachment(name: string, uri: string, contents: readonly Contents[]): string {
  const parts = contents.map((c) =>
    c.text !== null ? c.text : `[binary ${c.mimeType ?? 'data'}, ${c.blobBytes ?? 0} bytes]`,
  );
  return [`[Resource "${name}" (${uri})]`, ...parts].join('\n');
}

/** A prompt's messages for the composer: one user message as it is; several with their roles. */
export function promptInsertion(filled: McpPromptMessages): string {
  if (filled.messages.length === 1 && filled.messages[0]!.role === 'user') return filled.messages[0]!.text;
  return filled.messages.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.text}`).join('\n\n');
}
