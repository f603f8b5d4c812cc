/**
 * Tool rows written before results were stored structured (migration 16) only have the model-facing text.
 * Core reads its own wrapper back once, here, so no client ever parses `<tool_result>` text.
 */
import type { ToolErrorCode, ToolResult } from '@contract';
import { ToolErrorCode as ToolErrorCodes } from '@contract';

const WRAPPER =
  /^<tool_result name="([^"]*)">\n(?:\(Data returned by the tool\.[^\n]*\)\n)?([\s\S]*)\n<\/tool_result>$/;
const ERROR_TEXT = /^Error \(([a-z_]+)\): ([\s\S]*)$/;
const TRUNCATED = /\n\[truncated: showing the first \d+ of \d+ bytes\]$/;

export function legacyToolResult(rowId: string, content: string): ToolResult {
  const match = WRAPPER.exec(content);
  const output = match ? (match[2] ?? '') : content;
  const failed = ERROR_TEXT.exec(output);
  const parsedCode = ToolErrorCodes.safeParse(failed?.[1]);
  const code: ToolErrorCode = parsedCode.success ? parsedCode.data : 'tool_failed';
  return {
    callId: rowId,
    name: match?.[1] ?? 'tool',
    ok: !failed,
    output,
    truncated: TRUNCATED.test(output),
    error: failed ? { code, message: failed[2] ?? '' } : null,
    decision: null,
  };
}
