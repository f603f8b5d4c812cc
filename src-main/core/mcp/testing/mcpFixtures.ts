import { fileURLToPath } from 'node:url';
import type { McpServerInput } from '@contract';

export const ECHO_SERVER_SOURCE = fileURLToPath(new URL('./echoMcpServer.ts', import.meta.url));

/** The test server as a user would add it: node runs the TypeScript source through tsx. */
type StdioInput = Extract<McpServerInput, { transport: 'stdio' }>;

export function echoServerInput(name = 'Echo Test'): StdioInput {
  return { transport: 'stdio', name, command: process.execPath, args: ['--import', 'tsx', ECHO_SERVER_SOURCE] };
}

export const AWKWARD_SERVER_SOURCE = fileURLToPath(new URL('./awkwardMcpServer.ts', import.meta.url));

export function awkwardServerInput(name = 'Awkward'): McpServerInput {
  return {
    transport: 'stdio',
    name,
    command: process.execPath,
    args: ['--import', 'tsx', AWKWARD_SERVER_SOURCE, '--stdio'],
  };
}

/** A stdio "server" that is only a node one-liner (crashes, hangs). */
export function scriptServerInput(name: string, script: string): McpServerInput {
  return { transport: 'stdio', name, command: process.execPath, args: ['-e', script] };
}
