/** Wires Outpost's MCP server to chat and conversations; the SDK loads on the first MCP request only. */
import type { ChatService } from '../../chat/chatService';
import type { ConversationStore } from '../../conversations/conversationStore';
import type { Logger } from '../../ports';
import type { OutpostMcpDeps, McpToolProvider } from './outpostMcpServer';

export interface OutpostMcpWiring {
  agents: { list(): readonly { definition: { id: string; name: string; description: string } }[] };
  chat: Pick<ChatService, 'send' | 'waitForIdle' | 'stop' | 'respond' | 'onApproval'>;
  conversations: Pick<ConversationStore, 'create' | 'get' | 'messages'>;
  logger: Logger;
  version: string;
  /** Hook for more tools (e.g. the knowledge domain's search_knowledge). */
  providers?: () => readonly McpToolProvider[];
}

export function outpostMcpDeps(w: OutpostMcpWiring): OutpostMcpDeps {
  return {
    agents: () => w.agents.list().map(({ definition: a }) => ({ id: a.id, name: a.name, description: a.description })),
    turns: {
      createConversation: (agentId, title) => w.conversations.create(agentId, { title }),
      getConversation: (id) => w.conversations.get(id),
      send: (input) => w.chat.send(input),
      waitForIdle: (id) => w.chat.waitForIdle(id),
      stop: (id) => w.chat.stop(id),
      messages: (id) => w.conversations.messages(id),
      respond: (callId, decision) => w.chat.respond(callId, decision),
      onApproval: (listener) => w.chat.onApproval(listener),
    },
    get providers() {
      return w.providers?.() ?? [];
    },
    logger: w.logger,
    version: w.version,
  };
}

export function outpostMcpEndpoint(w: OutpostMcpWiring): (request: Request) => Promise<Response> {
  let handler: Promise<(request: Request) => Promise<Response>> | null = null;
  return async (request) => {
    handler ??= import('./outpostMcpServer').then((m) => m.mcpHttpHandler(outpostMcpDeps(w)));
    return (await handler)(request);
  };
}
