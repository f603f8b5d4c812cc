import { useState } from 'react';
import type { ConversationView } from '@contract';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAgentsStore } from '../../stores/agentsStore';
import { chatStore, useChatStore } from '../../stores/chatStore';
import { conversationsStore, useConversationsStore } from '../../stores/conversationsStore';
import { AgentPicker } from './AgentPicker';
import { PlusIcon } from './chatIcons';
import { ConversationItem } from './ConversationItem';
import { downloadFile } from './downloadFile';
import { SearchBox, SearchResults } from './SearchPanel';

const NO_CONVERSATIONS: ConversationView[] = [];

export interface ChatSidebarProps {
  agentId: string | null;
  conversationId: string | null;
  onSelectAgent(agentId: string): void;
  onNewChat(): void;
}

/** Left column: search, agent picker, and the picked agent's conversations. */
export function ChatSidebar({ agentId, conversationId, onSelectAgent, onNewChat }: ChatSidebarProps) {
  const agents = useAgentsStore((s) => s.agents);
  const conversations = useConversationsStore((s) => (agentId ? s.byAgent[agentId] : undefined)) ?? NO_CONVERSATIONS;
  const listed = useConversationsStore((s) => Boolean(agentId && s.byAgent[agentId]));
  const listError = useConversationsStore((s) => s.listError);
  const actionError = useConversationsStore((s) => s.actionError);
  const active = useChatStore((s) => s.active);
  const [query, setQuery] = useState('');
  const [toDelete, setToDelete] = useState<ConversationView | null>(null);
  const [deleting, setDeleting] = useState(false);
  const searching = query.trim().length > 0;

  const confirmDelete = async () => {
    if (!toDelete) return;
    setDeleting(true);
    const ok = await conversationsStore.getState().remove(toDelete.id);
    setDeleting(false);
    if (!ok) return setToDelete(null);
    chatStore.getState().forget(toDelete.id);
    if (toDelete.id === conversationId) onNewChat();
    setToDelete(null);
  };

  return (
    <aside
      aria-label="Conversations"
      className="flex w-72 shrink-0 flex-col gap-3 border-r border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <SearchBox value={query} onChange={setQuery} />
      {searching ? (
        <SearchResults onOpen={() => setQuery('')} />
      ) : (
        <>
          <AgentPicker agents={agents} selectedId={agentId} onSelect={onSelectAgent} />
          <Button
            variant="secondary"
            data-testid="new-chat"
            onClick={onNewChat}
            disabled={!agentId}
            className="justify-center"
          >
            <PlusIcon size={14} /> New chat
          </Button>
          <nav aria-label="Chats with this agent" className="min-h-0 flex-1 overflow-y-auto">
            {listError && (
              <p role="alert" className="px-2 text-xs text-red-700 dark:text-red-300">
                Could not list conversations: {listError.message}
              </p>
            )}
            {listed && conversations.length === 0 && (
              <p className="px-2 py-1 text-xs text-zinc-500">No conversations yet. Say hello below.</p>
            )}
            <ul data-testid="conversation-list" className="space-y-0.5">
              {conversations.map((c) => (
                <ConversationItem
                  key={c.id}
                  conversation={c}
                  selected={c.id === conversationId}
                  running={Boolean(active[c.id])}
                  onRename={(title) => conversationsStore.getState().rename(c.id, title)}
                  onExport={(format) =>
                    void conversationsStore
                      .getState()
                      .exportFile(c.id, format)
                      .then((file) => file && downloadFile(file))
                  }
                  onDelete={() => setToDelete(c)}
                />
              ))}
            </ul>
          </nav>
        </>
      )}
      {actionError && (
        <p role="alert" data-testid="conversation-error" className="text-xs text-red-700 dark:text-red-300">
          {actionError.error.message}{' '}
          <button type="button" className="underline" onClick={() => conversationsStore.getState().dismissError()}>
            Dismiss
          </button>
        </p>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this conversation?"
        confirmLabel="Delete"
        destructive
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setToDelete(null)}
      >
        “{toDelete?.title || 'New chat'}” and all its messages will be removed from this computer. This can’t be undone.
      </ConfirmDialog>
    </aside>
  );
}
