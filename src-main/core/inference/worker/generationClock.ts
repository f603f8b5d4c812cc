import type { GenerationMetrics } from '../../../../src-preload/contract/inference';

/**
 * Timing of one generation. Prompt speed is measured from taking a sequence to the first token (queue wait
 * excluded); generation speed over the tokens after the first, whose time belongs to the prompt phase.
 */
export class GenerationClock {
  private readonly acceptedAt: number;
  private startedAt: number;
  private firstTokenAt: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.acceptedAt = now();
    this.startedAt = this.acceptedAt;
  }

  sequenceAcquired(): void {
    this.startedAt = this.now();
  }

  firstToken(): void {
    this.firstTokenAt ??= this.now();
  }

  metrics(tokens: { usedInputTokens: number; usedOutputTokens: number }): GenerationMetrics {
    const endedAt = this.now();
    const promptTokens = tokens.usedInputTokens;
    const completionTokens = tokens.usedOutputTokens;
    const first = this.firstTokenAt;
    const promptMs = first === null ? null : first - this.startedAt;
    const decodeMs = first === null ? null : endedAt - first;
    return {
      ttftMs: first === null ? null : Math.max(0, first - this.acceptedAt),
      promptTokens,
      completionTokens,
      promptTokensPerSecond:
        promptMs !== null && promptMs > 0 && promptTokens > 0 ? (promptTokens / promptMs) * 1000 : null,
      generationTokensPerSecond:
        decodeMs !== null && decodeMs > 0 && completionTokens > 1 ? ((completionTokens - 1) / decodeMs) * 1000 : null,
      totalMs: Math.max(0, endedAt - this.acceptedAt),
    };
  }
}
