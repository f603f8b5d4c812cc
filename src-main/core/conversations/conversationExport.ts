/** A conversation as a file the user can keep: Markdown to read, JSON to process. */
import type { Conversation, Message } from './conversationTypes';

export type ExportFormat = 'markdown' | 'json';
export const CONVERSATION_EXPORT_VERSION = 1;

export function renderConversation(
  conversation: Conversation,
  messages: readonly Message[],
  format: ExportFormat,
): string {
  return format === 'json' ? toJson(conversation, messages) : toMarkdown(conversation, messages);
}

function toJson(conversation: Conversation, messages: readonly Message[]): string {
  const file = { outpostConversation: CONVERSATION_EXPORT_VERSION, conversation, messages };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const ROLE_HEADINGS: Record<Message['role'], string> = {
  user: 'User',
  assistant: 'Assistant',
  system: 'System',
  tool: 'Tool result',
};

function toMarkdown(conversation: Conversation, messages: readonly Message[]): string {
  const lines = [
    `# ${escapeHeading(conversation.title)}`,
    '',
    `_Agent \`${conversation.agentId}\` · started ${iso(conversation.createdAt)} · ${messages.length} messages_`,
    '',
  ];
  for (const message of messages) {
    lines.push(`## ${heading(message)}`, '', message.content.length > 0 ? message.content : '_(empty)_', '');
    for (const call of message.functionCalls ?? []) {
      lines.push(
        `Called \`${call.name}\`:`,
        '',
        fence(JSON.stringify({ params: call.params, result: call.result }, null, 2)),
        '',
      );
    }
    const note = statusNote(message);
    if (note) lines.push(`> ${note}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function heading(message: Message): string {
  const who = ROLE_HEADINGS[message.role];
  const details = [message.agentId && message.role === 'assistant' ? message.agentId : null, message.modelId].filter(
    Boolean,
  );
  return `${who}${details.length > 0 ? ` (${details.join(' · ')})` : ''} — ${iso(message.createdAt)}`;
}

function statusNote(message: Message): string | null {
  if (message.status === 'incomplete') return `⚠️ Incomplete reply. ${message.error?.message ?? ''}`.trim();
  if (message.status === 'error') return `⚠️ Failed: ${message.error?.message ?? 'unknown error'}`;
  if (message.status === 'streaming') return '⏳ Still being written when exported.';
  return null;
}

/** A fence longer than any backtick run inside, so tool output can't close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}json\n${text}\n${marks}`;
}

function escapeHeading(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/^#+/, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
