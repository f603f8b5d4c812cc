/** The baseline: node-llama-cpp used directly in this process, the way its own docs show. */
import {
  getLlama,
  LlamaChat,
  resolveChatWrapper,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';

export interface RunMetrics {
  ttftMs: number;
  completionTokens: number;
  promptTokens: number;
  generationTokensPerSecond: number;
  promptTokensPerSecond: number;
  totalMs?: number;
  loadMs?: number;
  /** Outpost only: first token as the worker saw it (before IPC and delta coalescing). */
  workerTtftMs?: number;
}

interface Opened {
  model: LlamaModel;
  context: LlamaContext;
  loadMs: number;
  /** Resolved once, outside the timings, exactly as Outpost's worker does: both sides format the same prompt. */
  chatWrapper: ChatWrapper;
}

async function openModel(llama: Llama, modelPath: string, contextOptions: ContextOptions): Promise<Opened> {
  const started = performance.now();
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext(contextOptions);
  const loadMs = performance.now() - started;
  return { model, context, loadMs, chatWrapper: resolveChatWrapper(model) };
}

interface ContextOptions {
  contextSize: number;
  threads: number;
  sequences: number;
}

export class BareLlama {
  private constructor(
    private readonly llama: Llama,
    private readonly modelPath: string,
    private readonly contextOptions: ContextOptions,
    private opened: Opened,
  ) {}

  get loadMs(): number {
    return this.opened.loadMs;
  }

  private get context(): LlamaContext {
    return this.opened.context;
  }

  static async open(modelPath: string, threads: number, contextSize: number, sequences = 1): Promise<BareLlama> {
    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true });
    const contextOptions = { contextSize, threads, sequences };
    return new BareLlama(llama, modelPath, contextOptions, await openModel(llama, modelPath, contextOptions));
  }

  /** Frees the model and loads it again; returns the new load time (model + context). */
  async reload(): Promise<number> {
    await this.opened.context.dispose();
    await this.opened.model.dispose();
    this.opened = await openModel(this.llama, this.modelPath, this.contextOptions);
    return this.opened.loadMs;
  }

  async run(prompt: string, maxTokens: number): Promise<RunMetrics> {
    const sequence = this.context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: this.opened.chatWrapper });
    const before = sequence.tokenMeter.getState();
    const started = performance.now();
    let firstAt = 0;
    await chat.generateResponse(
      [
        { type: 'user', text: prompt },
        { type: 'model', response: [] },
      ],
      {
        maxTokens,
        temperature: 0,
        onToken: () => {
          if (firstAt === 0) firstAt = performance.now();
        },
      },
    );
    const ended = performance.now();
    const used = sequence.tokenMeter.diff(before);
    chat.dispose();
    sequence.dispose();
    const ttftMs = firstAt - started;
    return {
      ttftMs,
      promptTokens: used.usedInputTokens,
      completionTokens: used.usedOutputTokens,
      promptTokensPerSecond: used.usedInputTokens / (ttftMs / 1000),
      totalMs: ended - started,
      generationTokensPerSecond: Math.max(0, used.usedOutputTokens - 1) / ((ended - firstAt) / 1000),
    };
  }

  async dispose(): Promise<void> {
    await this.opened.context.dispose();
    await this.opened.model.dispose();
    await this.llama.dispose();
  }
}
