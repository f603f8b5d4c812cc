/** Files dropped into the composer go to the conversation's own knowledge base (knowledge.attach). */
import type { KnowledgeBase } from '@contract';
import { getBridge } from '../../bridge';

/** Matches core's limit: one WebSocket frame holds the file as base64. */
export const MAX_DROP_BYTES = 2_900_000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000; // String.fromCharCode takes a bounded number of arguments
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export async function attachFile(conversationId: string, file: File): Promise<KnowledgeBase> {
  if (file.size > MAX_DROP_BYTES) {
    throw new Error(`${file.name} is too large to drop into a chat; add its folder on the Knowledge screen instead.`);
  }
  const dataBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
  return getBridge().request('knowledge.attach', { conversationId, fileName: file.name, dataBase64 });
}
