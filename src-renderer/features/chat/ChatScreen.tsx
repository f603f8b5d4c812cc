import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Banner } from '../../components/Banner';
import { chatHref, hrefFor, parseChatTarget } from '../../lib/hashRoute';
import { agentsStore, useAgentsStore } from '../../stores/agentsStore';
import { chatStore, useChatStore } from '../../stores/chatStore';
import { conversationsStore, useConversationsStore } from '../../stores/conversationsStore';
import { ChatHeader } from './ChatHeader';
import { ChatSidebar } from './ChatSidebar';
import { Composer } from './Composer';
import { McpLibraryPanel } from './McpLibraryPanel';
import { Button } from '../../components/Button';
import { ConversationFilesBar } from './ConversationFilesBar';
import { attachFile } from './dropFiles';
import { errorMessage } from '../../lib/errors';
import { knowledgeStore } from '../knowledge/knowledgeStore';
import { EmptyChat, NoAgents } from './EmptyChat';
import { MessageList } from './MessageList';
import { useReadiness } from './useReadiness';

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

/** `#/chat` is a new chat with the picked agent; `#/chat/<id>[/<messageId>]` opens a conversation. */
export function ChatScreen() {
  const target = parseChatTarget(useSyncExternalStore(subscribeHash, readHash));
  const conversationId = target?.conversationId ?? null;
  const agents = useAgentsStore((s) => s.agents);
  const agentsLoaded = useAgentsStore((s) => s.loaded);
  const pickedAgentId = useConversationsStore((s) => s.agentId);
  const conversation = useConversationsStore((s) => (conversationId ? s.find(conversationId) : undefined));
  const agentId = conversation?.agentId ?? pickedAgentId ?? agents[0]?.definition.id ?? null;
  const agent = useAgentsStore((s) => (agentId ? s.byId(agentId) : undefined));
  const readiness = useReadiness(agentId);

  const running = useChatStore((s) => (conversationId ? Boolean(s.active[conversationId]) : false));
  const busy = useChatStore((s) => (conversationId ? s.busy[conversationId] : undefined));
  const actionError = useChatStore((s) => (conversationId ? s.actionErrors[conversationId] : undefined));
  const messageCount = useChatStore((s) => (conversationId ? (s.chats[conversationId]?.messages.length ?? 0) : 0));
  const loadedChat = useChatStore((s) => (conversationId ? s.chats[conversationId]?.status === 'ready' : true));
  const [followKey, setFollowKey] = useState(0);
  const [fill, setFill] = useState<{ text: string; seq: number; append?: boolean } | null>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [draftError, setDraftError] = useState<string | null>(null);

  useEffect(() => {
    const offs = [
      agentsStore.getState().startSync(),
      conversationsStore.getState().startSync(),
      chatStore.getState().startSync(),
      // Files dropped into a conversation make it a knowledge base: its state and its replies' sources.
      knowledgeStore.getState().watch(),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  useEffect(() => {
    if (!conversationId) return;
    void chatStore.getState().open(conversationId);
    void conversationsStore.getState().locate(conversationId);
  }, [conversationId]);

  useEffect(() => {
    if (agentId) conversationsStore.getState().selectAgent(agentId);
  }, [agentId]);

  const selectAgent = useCallback(
    (id: string) => {
      conversationsStore.getState().selectAgent(id);
      if (conversation?.agentId !== id) window.location.hash = hrefFor('chat');
    },
    [conversation?.agentId],
  );

  const newChat = useCallback(() => {
    window.location.hash = hrefFor('chat');
  }, []);

  const send = useCallback(
    async (text: string, toolChoice: 'auto' | 'required') => {
      setFollowKey((k) => k + 1);
      if (!agentId) return false;
      // The title the first message gives arrives with `conversations.changed`: no list request.
      if (conversationId) return await chatStore.getState().send(conversationId, text, toolChoice);
      setDraftError(null);
      const created = await conversationsStore.getState().create(agentId);
      if (!created) {
        setDraftError(conversationsStore.getState().actionError?.error.message ?? 'Could not start a conversation.');
        return false;
      }
      await chatStore.getState().open(created.id, { fresh: true });
      window.location.hash = chatHref(created.id);
      return await chatStore.getState().send(created.id, text, toolChoice);
    },
    [conversationId, agentId],
  );

  const dropFiles = useCallback(
    async (files: File[]) => {
      if (!agentId) return;
      setDraftError(null);
      let id = conversationId;
      if (!id) {
        const created = await conversationsStore.getState().create(agentId);
        if (!created) {
          setDraftError(conversationsStore.getState().actionError?.error.message ?? 'Could not start a conversation.');
          return;
        }
        await chatStore.getState().open(created.id);
        window.location.hash = chatHref(created.id);
        id = created.id;
      }
      for (const file of files) {
        try {
          await attachFile(id, file);
        } catch (error) {
          setDraftError(errorMessage(error));
        }
      }
    },
    [conversationId, agentId],
  );

  const stop = useCallback(() => {
    if (conversationId) void chatStore.getState().stop(conversationId);
  }, [conversationId]);

  if (agentsLoaded && agents.length === 0) return <NoAgents />;

  const def = agent?.definition;
  const blocked = !agent || readiness?.problem != null;
  const showStarters = def && loadedChat && messageCount === 0;
  const title = conversationId ? conversation?.title || 'New chat' : 'New chat';

  return (
    <div data-testid="screen-chat" className="flex h-full min-h-0">
      <ChatSidebar agentId={agentId} conversationId={conversationId} onSelectAgent={selectAgent} onNewChat={newChat} />
      <section aria-label="Chat" className="flex min-w-0 flex-1 flex-col">
        {agent ? <ChatHeader agent={agent} title={title} readiness={readiness} /> : <h1 className="sr-only">Chat</h1>}
        {showStarters && (
          <EmptyChat agent={agent} onPick={(text) => setFill((f) => ({ text, seq: (f?.seq ?? 0) + 1 }))} />
        )}
        {conversationId && !showStarters && (
          <MessageList
            conversationId={conversationId}
            targetMessageId={target?.messageId ?? null}
            followKey={followKey}
          />
        )}
        {!conversationId && !showStarters && <div className="flex-1" />}
        <div className="border-t border-zinc-200 px-6 py-3 dark:border-zinc-800">
          {(actionError || draftError) && (
            <Banner
              level="error"
              className="mx-auto mb-2 max-w-3xl"
              data-testid="chat-error"
              title={actionError?.message ?? draftError ?? ''}
              onDismiss={() => {
                setDraftError(null);
                if (conversationId) chatStore.getState().dismissError(conversationId);
              }}
            />
          )}
          <ConversationFilesBar conversationId={conversationId} />
          <p className="sr-only" aria-live="polite" data-testid="chat-status">
            {running
              ? `${def?.name ?? 'The agent'} is replying. Press Escape to stop.`
              : busy === 'sending'
                ? 'Sending…'
                : ''}
          </p>
          <div className="px-4">
            <Button
              variant="ghost"
              data-testid="mcp-library-toggle"
              aria-expanded={libraryOpen}
              onClick={() => setLibraryOpen((open) => !open)}
            >
              MCP resources &amp; prompts
            </Button>
            {libraryOpen && (
              <McpLibraryPanel onInsert={(text) => setFill((f) => ({ text, seq: (f?.seq ?? 0) + 1, append: true }))} />
            )}
          </div>
          <Composer
            running={running}
            stopping={busy === 'stopping'}
            disabled={blocked}
            hasTools={Object.values(def?.tools ?? {}).some((p) => p !== 'deny')}
            agentName={def?.name ?? 'the agent'}
            onSend={send}
            onStop={stop}
            fill={fill}
            onDropFiles={(files) => void dropFiles(files)}
          />
        </div>
      </section>
    </div>
  );
}
