import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ActiveTurn, ApprovalRequestEvent, ChatDelta, ChatEvent, FormValue, TurnStarted } from '@contract';
import { getBridge } from '../bridge';
import { topics } from '../../src-preload/topics';
import { toShownError, type ShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';
import {
  PENDING_PREFIX,
  appendDeltas,
  applyApproval,
  applyTurnEvent,
  confirmPending,
  emptyChat,
  mergeServerMessages,
  pendingUserMessage,
  restoreApprovals,
  truncateForEdit,
  truncateForRegenerate,
  unknownMessageIds,
  type ConversationChat,
} from './chatState';

export type { ConversationChat } from './chatState';

export interface ChatStoreState {
  /** Conversations this window has opened, by id. */
  chats: Record<string, ConversationChat>;
  /** Turns running anywhere (this window, another one, or before a reload), by conversation. */
  active: Record<string, ActiveTurn>;
  approvals: Record<string, ApprovalRequestEvent>;
  /** A request this window is waiting on, per conversation. */
  busy: Record<string, 'sending' | 'stopping'>;
  /** The last failed action per conversation (send, stop, regenerate…), until the next action. */
  actionErrors: Record<string, ShownError>;
  /** Approval answers on their way, by call id. */
  responding: Record<string, boolean>;
  /**
   * Shows a conversation: subscribes to its topic and loads one snapshot; from then on events alone keep it
   * current. `fresh`: it was just created here, so it is known to be empty and needs no snapshot.
   */
  open(conversationId: string, options?: { fresh?: boolean }): Promise<void>;
  reload(conversationId: string): Promise<void>;
  send(conversationId: string, text: string, toolChoice?: 'auto' | 'required'): Promise<boolean>;
  regenerate(conversationId: string): Promise<boolean>;
  /** "Ask a bigger model": the last user message answered again on the agent's escalation model. */
  escalate(conversationId: string): Promise<boolean>;
  editAndRerun(conversationId: string, messageId: string, text: string): Promise<boolean>;
  stop(conversationId: string): Promise<void>;
  /** Approve/deny a card; a form card also takes 'cancel' and, with 'approve', its values. */
  respond(callId: string, decision: 'approve' | 'deny' | 'cancel', values?: Record<string, FormValue>): Promise<void>;
  dismissError(conversationId: string): void;
  forget(conversationId: string): void;
  receiveEvent(event: ChatEvent): void;
  receiveDelta(delta: ChatDelta): void;
  /** Subscribes to chat events, restores running turns and open approvals; returns the undo. */
  startSync(): () => void;
}

export interface ChatStoreOptions {
  /** Runs the token flush once per frame in the browser; tests pass a manual scheduler. */
  schedule?: (flush: () => void) => void;
  now?: () => number;
}

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const next = { ...record };
  delete next[key];
  return next;
};

function frameScheduler(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 16);
}

export function createChatStore(bridge: BridgeSource, options: ChatStoreOptions = {}) {
  const schedule = options.schedule ?? frameScheduler;
  const now = options.now ?? Date.now;
  let syncs = 0;
  let stopSync: (() => void) | null = null;
  let pendingSeq = 0;
  /** Token deltas waiting for the next frame: conversation → message → text. */
  let deltas = new Map<string, Record<string, string>>();
  let flushScheduled = false;
  const loadSeq = new Map<string, number>();
  /** Conversation topics this window receives: held from open() until forget(). */
  const held = new Map<string, () => void>();
  /** Chats opened `fresh` (created to send at once) until their second open by address. */
  const sentOnOpen = new Set<string>();
  const hold = (conversationId: string) => {
    if (!held.has(conversationId)) held.set(conversationId, bridge().subscribe(topics.conversation(conversationId)));
  };

  return createStore<ChatStoreState>()((set, get) => {
    const updateChat = (id: string, change: (chat: ConversationChat) => ConversationChat) =>
      set((s) => {
        const chat = s.chats[id];
        return chat ? { chats: { ...s.chats, [id]: change(chat) } } : {};
      });

    function flushDeltas(): void {
      flushScheduled = false;
      if (deltas.size === 0) return;
      const batch = deltas;
      deltas = new Map();
      const missing: string[] = [];
      set((s) => {
        const chats = { ...s.chats };
        for (const [conversationId, byMessage] of batch) {
          const chat = chats[conversationId];
          if (!chat) continue;
          if (unknownMessageIds(chat, byMessage).length > 0) missing.push(conversationId);
          chats[conversationId] = appendDeltas(chat, byMessage);
        }
        return { chats };
      });
      // Deltas for a reply we never saw start (e.g. opened mid-turn): the stored row catches us up.
      for (const id of missing) void get().reload(id);
    }

    async function startTurn(
      conversationId: string,
      optimistic: (chat: ConversationChat) => ConversationChat,
      request: () => Promise<TurnStarted>,
      onStarted?: (started: TurnStarted) => void,
    ): Promise<boolean> {
      const before = get().chats[conversationId];
      set((s) => ({
        busy: { ...s.busy, [conversationId]: 'sending' },
        actionErrors: without(s.actionErrors, conversationId),
      }));
      updateChat(conversationId, optimistic);
      try {
        const started = await request();
        onStarted?.(started);
        set((s) => ({ busy: without(s.busy, conversationId) }));
        return true;
      } catch (error) {
        set((s) => ({
          busy: without(s.busy, conversationId),
          actionErrors: { ...s.actionErrors, [conversationId]: toShownError(error) },
          // Nothing was started: put the conversation back as it was, so no text is lost from view.
          chats: before ? { ...s.chats, [conversationId]: before } : s.chats,
        }));
        return false;
      }
    }

    return {
      chats: {},
      active: {},
      approvals: {},
      busy: {},
      actionErrors: {},
      responding: {},

      async open(conversationId, options = {}) {
        const known = held.has(conversationId) && get().chats[conversationId]?.status === 'ready';
        if (!get().chats[conversationId]) {
          const chat = options.fresh ? { ...emptyChat(), status: 'ready' as const } : emptyChat();
          set((s) => ({ chats: { ...s.chats, [conversationId]: chat } }));
        }
        hold(conversationId);
        // The model starts on this conversation's prompt while the user reads (never loads one); best effort.
        // Not for a chat created to send at once, nor one whose turn is underway: that turn evaluates it anyway.
        const turnUnderway = get().busy[conversationId] !== undefined || get().active[conversationId] !== undefined;
        // Creating a chat opens it twice (fresh, then by its new address): neither warms.
        const justCreated = sentOnOpen.delete(conversationId);
        if (options.fresh) sentOnOpen.add(conversationId);
        if (!options.fresh && !justCreated && !turnUnderway) {
          bridge()
            .request('chat.warm', { conversationId })
            .catch(() => undefined);
        }
        // Subscribed first, then the snapshot: nothing that happens in between is missed.
        await bridge().subscribed();
        // Held since it was opened: its events kept it current, so there is nothing to fetch.
        if (known || options.fresh) return;
        await get().reload(conversationId);
      },

      async reload(conversationId) {
        const seq = (loadSeq.get(conversationId) ?? 0) + 1;
        loadSeq.set(conversationId, seq);
        try {
          const messages = await bridge().request('conversations.messages', { conversationId });
          if (loadSeq.get(conversationId) !== seq) return; // a newer load is on its way
          updateChat(conversationId, (chat) => ({
            ...chat,
            status: 'ready',
            error: null,
            stale: false,
            messages: mergeServerMessages(chat.messages, messages),
          }));
        } catch (error) {
          if (loadSeq.get(conversationId) !== seq) return;
          updateChat(conversationId, (chat) => ({ ...chat, status: 'error', error: toShownError(error) }));
        }
      },

      send(conversationId, text, toolChoice = 'auto') {
        const tempId = `${PENDING_PREFIX}${++pendingSeq}`;
        return startTurn(
          conversationId,
          (chat) => ({
            ...chat,
            messages: [...chat.messages, pendingUserMessage(conversationId, tempId, text, now())],
          }),
          () => bridge().request('chat.send', { conversationId, text, toolChoice }),
          (started) =>
            updateChat(conversationId, (chat) => ({
              ...chat,
              messages: confirmPending(chat.messages, tempId, started.userMessageId),
            })),
        );
      },

      regenerate(conversationId) {
        return startTurn(
          conversationId,
          (chat) => ({ ...chat, messages: truncateForRegenerate(chat.messages) }),
          () => bridge().request('chat.regenerate', { conversationId }),
        );
      },

      escalate(conversationId) {
        return startTurn(
          conversationId,
          (chat) => ({ ...chat, messages: truncateForRegenerate(chat.messages) }),
          () => bridge().request('chat.escalate', { conversationId }),
        );
      },

      editAndRerun(conversationId, messageId, text) {
        return startTurn(
          conversationId,
          (chat) => ({ ...chat, messages: truncateForEdit(chat.messages, messageId, text) }),
          () => bridge().request('chat.editAndRerun', { messageId, text }),
        );
      },

      async stop(conversationId) {
        set((s) => ({ busy: { ...s.busy, [conversationId]: 'stopping' } }));
        try {
          await bridge().request('chat.stop', { conversationId });
        } catch (error) {
          set((s) => ({ actionErrors: { ...s.actionErrors, [conversationId]: toShownError(error) } }));
        } finally {
          set((s) => ({ busy: without(s.busy, conversationId) }));
        }
      },

      async respond(callId, decision, values) {
        const approval = get().approvals[callId];
        if (!approval?.open || get().responding[callId]) return;
        set((s) => ({ responding: { ...s.responding, [callId]: true } }));
        try {
          const { accepted } = await bridge().request('chat.respond', {
            callId,
            decision,
            ...(values ? { values } : {}),
          });
          // Not accepted: it closed meanwhile (timed out, turn stopped); the closing event says how.
          if (!accepted && get().approvals[callId]?.open) {
            set((s) => ({ approvals: applyApproval(s.approvals, { ...approval, open: false, outcome: 'expired' }) }));
          }
        } catch (error) {
          const id = approval.conversationId;
          set((s) => ({ actionErrors: { ...s.actionErrors, [id]: toShownError(error) } }));
        } finally {
          set((s) => ({ responding: without(s.responding, callId) }));
        }
      },

      dismissError(conversationId) {
        set((s) => ({ actionErrors: without(s.actionErrors, conversationId) }));
      },

      forget(conversationId) {
        held.get(conversationId)?.();
        held.delete(conversationId);
        set((s) => ({
          chats: without(s.chats, conversationId),
          actionErrors: without(s.actionErrors, conversationId),
        }));
      },

      receiveDelta({ conversationId, messageId, delta }) {
        if (!get().chats[conversationId]) return; // a preview's, or a conversation this window never opened
        const byMessage = deltas.get(conversationId) ?? {};
        byMessage[messageId] = (byMessage[messageId] ?? '') + delta;
        deltas.set(conversationId, byMessage);
        if (!flushScheduled) {
          flushScheduled = true;
          schedule(flushDeltas);
        }
      },

      receiveEvent(event) {
        if (event.preview) return;
        const id = event.conversationId;
        flushDeltas(); // keep order: text before the event that follows it
        const wasStale = get().chats[id]?.stale ?? false;
        updateChat(id, (chat) => applyTurnEvent(chat, event, now()));
        // Events carry the stored rows; only text that never reached us (opened mid-reply) needs the snapshot.
        if (!wasStale && get().chats[id]?.stale) void get().reload(id);
      },

      startSync() {
        syncs += 1;
        if (syncs === 1) {
          let wasClosed = false;
          const restore = async () => {
            try {
              const [active, open] = await Promise.all([
                bridge().request('chat.active', {}),
                bridge().request('chat.approvals', {}),
              ]);
              set((s) => ({
                active: byConversation(active),
                approvals: restoreApprovals(s.approvals, open),
              }));
            } catch {
              // The connection banner reports an unreachable core; the next reconnect retries.
            }
            for (const id of Object.keys(get().chats)) void get().reload(id);
          };
          const offs = [
            bridge().on('chat.event', (event) => get().receiveEvent(event)),
            bridge().on('chat.delta', (delta) => get().receiveDelta(delta)),
            bridge().on('chat.approval', (event) => set((s) => ({ approvals: applyApproval(s.approvals, event) }))),
            bridge().on('chat.activeChanged', (turns) => set({ active: byConversation(turns) })),
            bridge().onStatus((status) => {
              if (status.state === 'closed') wasClosed = true;
              if (status.state === 'open' && wasClosed) {
                wasClosed = false;
                void restore();
              }
            }),
          ];
          stopSync = () => offs.forEach((off) => off());
          void restore();
        }
        return () => {
          syncs -= 1;
          if (syncs === 0) {
            stopSync?.();
            stopSync = null;
          }
        };
      },
    };
  });
}

function byConversation(turns: readonly ActiveTurn[]): Record<string, ActiveTurn> {
  const result: Record<string, ActiveTurn> = {};
  for (const turn of turns) if (!turn.preview) result[turn.conversationId] = turn;
  return result;
}

export type ChatStore = ReturnType<typeof createChatStore>;

export const chatStore = createChatStore(getBridge);

export function useChatStore<T>(selector: (state: ChatStoreState) => T): T {
  return useStore(chatStore, selector);
}
