/**
 * Recent llama.cpp error lines. A failed load only says "Failed to load model"; the why (e.g. "tensor data
 * is not within the file bounds") arrives through the log, so failures quote the lines logged meanwhile.
 */
export class LlamaLogTail {
  private readonly lines: Array<{ seq: number; text: string }> = [];
  private seq = 0;

  constructor(private readonly capacity = 32) {}

  record(text: string): void {
    this.lines.push({ seq: ++this.seq, text });
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  /** A position to read from later with `since`. */
  mark(): number {
    return this.seq;
  }

  since(mark: number): string[] {
    return this.lines.filter((line) => line.seq > mark).map((line) => line.text);
  }
}
