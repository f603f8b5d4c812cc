import { fileURLToPath } from 'node:url';
import type { McpServerInput } from '@contract';

export const ECHO_SERVER_SOURCE = fileURLToPath(new URL('./echoMcpServer.ts', import.meta.url));

/** The test server as a user would add it: node runs the TypeScript source through tsx. */
export function echoServerInput(name = 'Echo Test'): McpServerInput {
  return { transport: 'stdio', name, command: process.execPath, args: ['--import', 'tsx', ECHO_SERVER_SOURCE] };
}
