/**
 * Media in an MCP tool result, for the tool card: images and audio as data URLs within a size cap, resource
 * links (and binary embedded resources) as links. The model still reads the text placeholders of mcpContent.
 */
import type { ToolMedia } from '@contract';
import { base64Bytes, formatBytes, type McpResultLike } from './mcpContent';
import { cleanText } from './mcpToolAdapter';

/** One image or clip shown in the card; larger ones are named with their size instead. */
export const MEDIA_ITEM_CAP_BYTES = 1024 * 1024;
/** All media of one result together (they are stored with the call's row). */
export const MEDIA_TOTAL_CAP_BYTES = 3 * 1024 * 1024;
const MAX_ITEMS = 20;
/** Types a browser shows safely from a data URL (no SVG: it can carry script). */
const SHOWN = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/(wav|x-wav|mpeg|mp3|ogg|webm|flac|aac|mp4))$/;

type Part = Record<string, unknown>;

const isPart = (value: unknown): value is Part => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() ? cleanText(value, max) : null;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function safeLink(uri: string | null): string | null {
  if (!uri) return null;
  try {
    return new URL(uri).href;
  } catch {
    return null;
  }
}

export function resultMedia(result: McpResultLike): ToolMedia[] {
  const parts = (Array.isArray(result.content) ? result.content : []).filter(isPart);
  const media: ToolMedia[] = [];
  let total = 0;
  for (const part of parts) {
    if (media.length >= MAX_ITEMS) break;
    if (part.type === 'image' || part.type === 'audio') {
      const mimeType = str(part.mimeType, 60)?.toLowerCase() ?? null;
      const data = typeof part.data === 'string' ? part.data.replace(/\s/g, '') : '';
      const bytes = base64Bytes(data);
      let omitted: string | null = null;
      if (!mimeType || !SHOWN.test(mimeType)) omitted = `${mimeType ?? 'unknown type'} is not shown`;
      else if (!BASE64.test(data)) omitted = 'the data is not valid base64';
      else if (bytes > MEDIA_ITEM_CAP_BYTES)
        omitted = `${formatBytes(bytes)} is over the ${formatBytes(MEDIA_ITEM_CAP_BYTES)} card limit`;
      else if (total + bytes > MEDIA_TOTAL_CAP_BYTES) omitted = 'the result’s media are over the card limit';
      if (!omitted) total += bytes;
      media.push({
        kind: part.type,
        mimeType,
        dataUrl: omitted ? null : `data:${mimeType};base64,${data}`,
        uri: null,
        name: null,
        bytes,
        omitted,
      });
    } else if (part.type === 'resource_link') {
      media.push({
        kind: 'link',
        mimeType: str(part.mimeType, 60),
        dataUrl: null,
        uri: safeLink(str(part.uri, 2000)),
        name: str(part.name, 100) ?? str(part.title, 100),
        bytes: typeof part.size === 'number' && part.size >= 0 ? Math.floor(part.size) : 0,
        omitted: null,
      });
    }
  }
  return media;
}
