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

export const CLIENT_FEATURES_SERVER_SOURCE = fileURLToPath(new URL('./clientFeaturesMcpServer.ts', import.meta.url));

/** A server whose tools sample the client's model and read its roots. */
export function clientFeaturesServerInput(name = 'Features'): StdioInput {
  return {
    transport: 'stdio',
    name,
    command: process.execPath,
    args: ['--import', 'tsx', CLIENT_FEATURES_SERVER_SOURCE],
  };
}

/** The reference server `@modelcontextprotocol/server-everything` (a pinned dev dependency) over stdio. */
export function everythingServerInput(name = 'Everything'): StdioInput {
  // The package declares no entry point, only a bin: run that file.
  const entry = fileURLToPath(
    new URL('../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
  );
  return { transport: 'stdio', name, command: process.execPath, args: [entry, 'stdio'] };
}

export const FORMS_SERVER_SOURCE = fileURLToPath(new URL('./formsMcpServer.ts', import.meta.url));

/** A server that asks for forms, reports progress and returns media (McpServer + elicitInput). */
export function formsServerInput(name = 'Forms'): StdioInput {
  return { transport: 'stdio', name, command: process.execPath, args: ['--import', 'tsx', FORMS_SERVER_SOURCE] };
}
