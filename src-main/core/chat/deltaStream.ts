/**
 * Batches a turn's streamed text for the wire: the first delta goes at once (time to first token), later
 * ones are joined and sent at most every `intervalMs`, and whatever is waiting goes out before any other
 * event of the turn, so order holds. Fewer, fuller frames: the text crosses once, the envelope costs little.
 */
export interface DeltaFrame {
  messageId: string;
  delta: string;
}

export class DeltaStream {
  private messageId: string | null = null;
  private text = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sentAny = false;

  constructor(
    private readonly send: (frame: DeltaFrame) => void,
    private readonly intervalMs: number,
  ) {}

  push(messageId: string, delta: string): void {
    if (this.messageId !== null && this.messageId !== messageId) this.flush();
    this.messageId = messageId;
    this.text += delta;
    if (!this.sentAny) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is waiting now (before another event of the turn, and when the turn ends). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.messageId === null || this.text === '') return;
    const frame = { messageId: this.messageId, delta: this.text };
    this.text = '';
    this.sentAny = true;
    this.send(frame);
  }
}
