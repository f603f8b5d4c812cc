/** Coalesces streamed deltas so a reply is written to SQLite at most every `everyMs`, never per token. */
import type { ConversationPort } from '../../conversations/conversationPort';
import type { Clock } from '../../ports';

export class DeltaBuffer {
  private pending = '';
  private lastFlushAt: number;
  private timer: NodeJS.Timeout | undefined;
  text = '';

  constructor(
    private readonly store: Pick<ConversationPort, 'appendToMessage'>,
    private readonly messageId: string,
    private readonly clock: Clock,
    private readonly everyMs: number,
    /** Streaming must survive a failed write: the final text is written again when the reply completes. */
    private readonly onError: (error: unknown) => void,
  ) {
    this.lastFlushAt = clock.now();
  }

  push(delta: string): void {
    this.pending += delta;
    this.text += delta;
    if (this.clock.now() - this.lastFlushAt >= this.everyMs) this.tryFlush();
    // A trailing chunk still reaches the disk when the stream pauses.
    else this.timer ??= setTimeout(() => this.tryFlush(), this.everyMs);
  }

  private tryFlush(): void {
    try {
      this.flush();
    } catch (error) {
      this.onError(error);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlushAt = this.clock.now();
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    this.store.appendToMessage(this.messageId, chunk);
  }

  /** Stops the trailing timer without writing (the message is about to be finalised). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
