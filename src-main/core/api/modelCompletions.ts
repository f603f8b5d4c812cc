/** Requests naming an installed model: one generation through the lifecycle, its deltas passed to the caller. */
import { randomUUID } from 'node:crypto';
import type { GenerateRequest, InstalledModel } from '@contract';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import type { CompletionOutcome, PreparedCompletion } from './completionTypes';
import { ApiError, modelNotFound } from './openaiErrors';
import { finishReasonOf, promptUsageOf, toGenerateRequest, toolCallsOf } from './openaiMapping';
import type { ChatCompletionRequest } from './openaiSchemas';

export interface ModelCompletionDeps {
  installed: () => readonly InstalledModel[];
  lifecycle: Pick<ModelLifecycle, 'generate'>;
}

export function usableModel(installed: readonly InstalledModel[], id: string): InstalledModel | undefined {
  return installed.find((m) => m.id === id && m.problem === null);
}

export function prepareModelCompletion(d: ModelCompletionDeps, body: ChatCompletionRequest): PreparedCompletion {
  const model = usableModel(d.installed(), body.model);
  if (!model) throw modelNotFound(body.model);
  const requestId = `api-${randomUUID()}`;
  // Mapping first: a malformed request fails before it takes a place in the queue.
  return preparedGeneration(d, toGenerateRequest(body, { requestId, modelId: model.id }));
}

/** One generation of an already-mapped request (chat or legacy completions) as the HTTP layer runs it. */
export function preparedGeneration(d: ModelCompletionDeps, request: GenerateRequest): PreparedCompletion {
  const { requestId } = request;
  return {
    requestId,
    queueModelId: request.modelId,
    async run(onDelta, signal): Promise<CompletionOutcome> {
      const result = await d.lifecycle.generate(request, {
        signal,
        onDelta: (delta) => onDelta(delta),
        onCall: (call) => onDelta('', call),
      });
      if (result.finishReason === 'aborted' || signal.aborted) {
        throw new ApiError(499, 'invalid_request_error', 'client_closed', 'The client went away');
      }
      if (result.finishReason === 'error') {
        throw new ApiError(500, 'server_error', 'generation_failed', 'The model stopped with an error');
      }
      return {
        text: result.text,
        finishReason: finishReasonOf(result),
        toolCalls: toolCallsOf(result, requestId),
        ...promptUsageOf(result.metrics),
        completionTokens: result.metrics.completionTokens,
        stopSequence: result.stopSequence ?? null,
        ...(result.logprobs ? { logprobs: result.logprobs } : {}),
      };
    },
    async countPromptTokens(signal) {
      const result = await d.lifecycle.generate({ ...request, countOnly: true }, { signal });
      return result.metrics.promptTokensTotal ?? result.metrics.promptTokens;
    },
  };
}
