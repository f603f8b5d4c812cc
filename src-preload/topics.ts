/**
 * Which topic each event belongs to. A transport sends an event only to clients subscribed to its topic
 * (`events.subscribe`). Every event must be declared here: a new event without a topic fails typecheck.
 * Zod-free on purpose: the renderer's first script imports it.
 */
import type { EventName, EventPayload } from './contract';

/** Topics that carry an id: one conversation (or builder preview), one test-prompt request. */
export const topics = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  inferenceRequest: (requestId: string) => `inference:${requestId}`,
} as const;

/** A fixed topic (the renderer subscribes by listening), or one computed from the payload. */
type TopicDeclaration<E extends EventName> = string | ((payload: EventPayload<E>) => string);

export const eventTopics = {
  'app.notice': 'app',
  'settings.changed': 'settings',
  'models.changed': 'models',
  'models.loadProgress': 'models',
  'models.loadedChanged': 'models',
  'models.importProgress': 'models',
  'inference.status': 'models',
  'inference.token': (p: EventPayload<'inference.token'>) => topics.inferenceRequest(p.requestId),
  'downloads.progress': 'downloads',
  'agents.changed': 'agents',
  'conversations.changed': 'conversations',
  'chat.event': (p: EventPayload<'chat.event'>) => topics.conversation(p.conversationId),
  'chat.delta': (p: EventPayload<'chat.delta'>) => topics.conversation(p.conversationId),
  'chat.approval': 'approvals',
  'chat.activeChanged': 'chat.active',
  'monitoring.sample': 'monitoring',
  'api.request': 'api.log',
  'mcp.changed': 'mcp',
  'memory.status': 'memory',
  'memory.changed': 'memory',
  'nodes.changed': 'nodes',
  'nodes.poolsChanged': 'nodes',
  'nodes.health': 'nodes',
  'knowledge.progress': 'knowledge',
  'knowledge.changed': 'knowledge',
  'jobs.changed': 'jobs',
  'runs.changed': 'jobs',
  'runs.inbox': 'inbox',
  'runs.openInbox': 'inbox',
  'updates.changed': 'updates',
} as const satisfies { [E in EventName]: TopicDeclaration<E> };

export function topicOf<E extends EventName>(name: E, payload: EventPayload<E>): string {
  const declared = eventTopics[name] as TopicDeclaration<E>;
  return typeof declared === 'string' ? declared : declared(payload);
}

/** The topic of an event whose topic does not depend on its payload; null for per-id topics. */
export function fixedTopicOf(name: EventName): string | null {
  const declared: unknown = eventTopics[name];
  return typeof declared === 'string' ? declared : null;
}
