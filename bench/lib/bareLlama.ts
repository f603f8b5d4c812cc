/** The baseline: node-llama-cpp used directly in this process, the way its own docs show. */
import { getLlama, LlamaChat, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';

export interface RunMetrics {
  ttftMs: number;
  completionTokens: number;
  promptTokens: number;
  generationTokensPerSecond: number;
  promptTokensPerSecond: number;
  totalMs?: number;
  loadMs?: number;
}

export class BareLlama {
  private constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    readonly loadMs: number,
  ) {}

  static async open(modelPath: string, threads: number, contextSize: number, sequences = 1): Promise<BareLlama> {
    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true });
    const started = performance.now();
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize, threads, sequences });
    return new BareLlama(llama, model, context, performance.now() - started);
  }

  async run(prompt: string, maxTokens: number): Promise<RunMetrics> {
    const sequence = this.context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence });
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
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}
