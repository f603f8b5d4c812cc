/** An McpManager over a test database, without automatic reconnects (mcpClient.test covers those). */
import type { Database } from 'better-sqlite3';
import { createMemoryLogger, RecordingEvents } from '../../testing/testPorts';
import type { ToolRegistry } from '../../tools/toolRegistry';
import { McpConfigStore } from '../mcpConfigStore';
import { McpManager } from '../mcpManager';

export function testMcpManager(db: Database, registry: ToolRegistry, events = new RecordingEvents()): McpManager {
  return new McpManager({
    store: new McpConfigStore(db, Date.now),
    registry,
    events,
    logger: createMemoryLogger(),
    connection: { retryBaseMs: 600_000 },
  });
}
