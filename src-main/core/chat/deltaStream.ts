/**
 * Batches a turn's streamed text for the wire. The first delta goes at once (time to first token); later
 * ones wait until `minChars` are ready (at most one frame per `intervalMs`) or `maxWaitMs` passed, so each
 * frame carries enough text to be worth its envelope whatever the generation speed. Whatever is waiting
 * goes out before any other event of the turn, so order holds.
 */
export interface DeltaFrame {
  messageId: string;
  delta: string;
}

export interface DeltaPacing {
  intervalMs: number;
  minChars: number;
  maxWaitMs: number;
}

export class DeltaStream {
  private messageId: string | null = null;
  private text = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt: number | null = null;
  private timerDue = 0;

  constructor(
    private readonly send: (frame: DeltaFrame) => void,
    private readonly pacing: DeltaPacing,
    private readonly now: () => number = Date.now,
  ) {}

  push(messageId: string, delta: string): void {
    if (this.messageId !== null && this.messageId !== messageId) this.flush();
    this.messageId = messageId;
    this.text += delta;
    if (this.lastSentAt === null) return this.flush();
    this.plan();
  }

  /** Sends what is waiting now (before another event of the turn, and when the turn ends). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.messageId === null || this.text === '') return;
    const frame = { messageId: this.messageId, delta: this.text };
    this.text = '';
    this.lastSentAt = this.now();
    this.send(frame);
  }

  private plan(): void {
    if (this.lastSentAt === null) return;
    const { intervalMs, minChars, maxWaitMs } = this.pacing;
    const due = this.lastSentAt + (this.text.length >= minChars ? intervalMs : maxWaitMs);
    if (this.timer && due >= this.timerDue) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const waited = this.now() - (this.lastSentAt ?? 0);
        if (this.text.length >= minChars || waited >= maxWaitMs) this.flush();
        else this.plan();
      },
      Math.max(0, due - this.now()),
    );
  }
}
