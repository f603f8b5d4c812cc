import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentDefinition } from '@contract';
import { getBridge } from '../../../bridge';
import { topics } from '../../../../src-preload/topics';
import { errorMessage } from '../../../lib/errors';
import {
  EMPTY_PREVIEW,
  addUserMessage,
  applyApproval,
  applyChatDelta,
  applyChatEvent,
  failTurn,
  historyOf,
  type PreviewState,
} from './previewTranscript';

export interface Preview {
  state: PreviewState;
  send(agent: AgentDefinition, text: string, toolChoice?: 'auto' | 'required'): Promise<void>;
  stop(): Promise<void>;
  respond(callId: string, decision: 'approve' | 'deny'): Promise<void>;
  reset(): void;
  /** A failure of stop/approve itself (the turn's own errors live in the transcript). */
  actionError: string | null;
}

/** Runs the unsaved draft through `chat.preview`; nothing is stored, events are matched by previewId. */
export function usePreview(): Preview {
  const [state, setState] = useState<PreviewState>(EMPTY_PREVIEW);
  const [actionError, setActionError] = useState<string | null>(null);
  const stateRef = useRef(state);
  /** The current preview's topic, held until the next preview starts or the builder closes. */
  const releaseTopic = useRef<(() => void) | null>(null);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  useEffect(() => {
    const bridge = getBridge();
    const offs = [
      bridge.on('chat.event', (event) => setState((s) => applyChatEvent(s, event))),
      bridge.on('chat.delta', (delta) => setState((s) => applyChatDelta(s, delta))),
      bridge.on('chat.approval', (request) => setState((s) => applyApproval(s, request))),
    ];
    return () => {
      offs.forEach((off) => off());
      releaseTopic.current?.();
      releaseTopic.current = null;
    };
  }, []);

  // A preview left running when the builder closes would keep the model busy: stop it.
  useEffect(
    () => () => {
      const active = stateRef.current.activeTurn;
      if (active)
        void getBridge()
          .request('chat.stop', { conversationId: active })
          .catch(() => undefined);
    },
    [],
  );

  const send = useCallback(async (agent: AgentDefinition, text: string, toolChoice: 'auto' | 'required' = 'auto') => {
    const previewId = `preview-${crypto.randomUUID()}`;
    const history = historyOf(stateRef.current);
    setActionError(null);
    setState((s) => addUserMessage(s, text, previewId));
    try {
      releaseTopic.current?.();
      releaseTopic.current = getBridge().subscribe(topics.conversation(previewId));
      await getBridge().subscribed();
      await getBridge().request('chat.preview', { previewId, agent, history, text, toolChoice });
    } catch (error) {
      setState((s) => failTurn(s, previewId, errorMessage(error)));
    }
  }, []);

  const stop = useCallback(async () => {
    const active = stateRef.current.activeTurn;
    if (!active) return;
    try {
      await getBridge().request('chat.stop', { conversationId: active });
    } catch (error) {
      setActionError(errorMessage(error));
    }
  }, []);

  const respond = useCallback(async (callId: string, decision: 'approve' | 'deny') => {
    try {
      await getBridge().request('chat.respond', { callId, decision });
    } catch (error) {
      setActionError(errorMessage(error));
    }
  }, []);

  const reset = useCallback(() => {
    void stop();
    setState(EMPTY_PREVIEW);
    setActionError(null);
  }, [stop]);

  return { state, send, stop, respond, reset, actionError };
}
