/**
 * An MCP tool result as text for the model: text parts as they are, text resources with their URI, structured
 * content as JSON when the text does not already carry it; media and binary parts are named with their true size.
 * The whole text is returned: the executor cuts it to the model's budget and reports the real size.
 */
import { cleanText } from './mcpToolAdapter';

type Part = Record<string, unknown>;

function isPart(value: unknown): value is Part {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decoded size of base64 data, without decoding it. */
export function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') return 0;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.replace(/\s/g, '').length * 3) / 4) - padding);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function label(value: unknown, max = 200): string {
  return typeof value === 'string' ? cleanText(value, max) : '';
}

function partText(part: Part): string {
  switch (part.type) {
    case 'text':
      return typeof part.text === 'string' ? part.text : '';
    case 'image':
    case 'audio':
      return `[${part.type}: ${label(part.mimeType, 60) || 'unknown type'}, ${formatBytes(base64Bytes(part.data))}]`;
    case 'resource': {
      const resource = isPart(part.resource) ? part.resource : {};
      const uri = label(resource.uri);
      if (typeof resource.text === 'string') return `[resource ${uri}]\n${resource.text}`;
      const mime = label(resource.mimeType, 60) || 'binary';
      return `[resource ${uri}: ${mime}, ${formatBytes(base64Bytes(resource.blob))}]`;
    }
    case 'resource_link': {
      const details = [label(part.name, 100), label(part.mimeType, 60), label(part.description, 300)].filter(Boolean);
      return `[resource link ${label(part.uri)}${details.length ? `: ${details.join(' — ')}` : ''}]`;
    }
    default:
      return `[${label(String(part.type), 40)} content]`;
  }
}

export interface McpResultLike {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
}

export function resultText(result: McpResultLike): string {
  const parts = (Array.isArray(result.content) ? result.content : []).filter(isPart);
  const text = parts.map(partText).filter(Boolean).join('\n');
  if (result.structuredContent === undefined) return text;
  const structured = JSON.stringify(result.structuredContent);
  // Servers are asked to mirror structured content as text; add it only when they did not.
  if (text.includes(structured)) return text;
  return text ? `${text}\n[structured content]\n${structured}` : structured;
}
