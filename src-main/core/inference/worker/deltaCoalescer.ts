/**
 * Batches streamed text so the host sees at most one delta per interval. The first chunk after a quiet
 * period goes out at once (time to first token stays honest); later ones wait for the interval.
 */
export class DeltaCoalescer {
  private text = '';
  private tokens = 0;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (delta: string, tokens: number) => void,
    private readonly intervalMs = 33,
    private readonly now: () => number = () => performance.now(),
  ) {}

  pushText(text: string): void {
    this.text += text;
    this.schedule();
  }

  pushTokens(count: number): void {
    this.tokens += count;
  }

  /** Sends whatever is pending; call once at the end so nothing is left behind. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.text === '' && this.tokens === 0) return;
    const { text, tokens } = this;
    this.text = '';
    this.tokens = 0;
    this.lastFlushAt = this.now();
    this.emit(text, tokens);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.text === '') return;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }
}
