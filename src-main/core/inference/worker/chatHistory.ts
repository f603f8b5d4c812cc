import {
  type ChatHistoryItem,
  type ChatModelFunctionCall,
  type ChatModelFunctions,
  type ChatModelResponse,
  ChatWrapper,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  type ChatWrapperGenerateInitialHistoryOptions,
  type ChatWrapperSettings,
  LlamaText,
} from 'node-llama-cpp';
import type { ChatMessage } from '../../../../src-preload/contract/inference';

/**
 * Contract messages → node-llama-cpp chat history. An assistant turn renders its text first, then its
 * function calls with their results. A trailing assistant message is continued (prefill), not repeated.
 */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    const response: ChatModelResponse['response'] = [];
    if (message.content !== '') response.push(message.content);
    for (const call of message.functionCalls ?? []) {
      const item: ChatModelFunctionCall = {
        type: 'functionCall',
        name: call.name,
        params: call.params,
        result: call.result,
      };
      response.push(item);
    }
    return { type: 'model', response };
  });
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/**
 * Wraps the model's own chat wrapper so generation starts inside a function call: the call prefix is
 * injected and node-llama-cpp's name/params grammars force one of the given functions (tool_choice "required").
 */
export class RequiredFunctionCallChatWrapper extends ChatWrapper {
  readonly wrapperName: string;
  override readonly settings: ChatWrapperSettings;

  constructor(private readonly inner: ChatWrapper) {
    super();
    this.wrapperName = `${inner.wrapperName}+requiredFunctionCall`;
    this.settings = inner.settings;
  }

  override generateContextState(options: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const state = this.inner.generateContextState(options);
    return {
      contextText: state.contextText,
      stopGenerationTriggers: state.stopGenerationTriggers,
      noPrefixTrigger: { type: 'functionCall', inject: LlamaText(this.settings.functions.call.prefix) },
    };
  }

  override generateFunctionCallsAndResults(functionCalls: ChatModelFunctionCall[], useRawCall?: boolean) {
    return this.inner.generateFunctionCallsAndResults(functionCalls, useRawCall);
  }

  override generateFunctionCall(name: string, params: unknown): LlamaText {
    return this.inner.generateFunctionCall(name, params);
  }

  override generateFunctionCallResult(functionName: string, functionParams: unknown, result: unknown): LlamaText {
    return this.inner.generateFunctionCallResult(functionName, functionParams, result);
  }

  override generateModelResponseText(modelResponse: ChatModelResponse['response'], useRawValues?: boolean): LlamaText {
    return this.inner.generateModelResponseText(modelResponse, useRawValues);
  }

  override generateAvailableFunctionsSystemText(
    availableFunctions: ChatModelFunctions,
    options: { documentParams?: boolean },
  ): LlamaText {
    return this.inner.generateAvailableFunctionsSystemText(availableFunctions, options);
  }

  override addAvailableFunctionsSystemMessageToHistory(
    history: readonly ChatHistoryItem[],
    availableFunctions?: ChatModelFunctions,
    options?: { documentParams?: boolean },
  ): readonly ChatHistoryItem[] {
    return this.inner.addAvailableFunctionsSystemMessageToHistory(history, availableFunctions, options);
  }

  override generateInitialChatHistory(options?: ChatWrapperGenerateInitialHistoryOptions): ChatHistoryItem[] {
    return this.inner.generateInitialChatHistory(options);
  }
}
