/**
 * Where a token-by-token generation must end: a text stop sequence (the caller's, the grammar's) or a token
 * sequence (the chat template's end-of-turn). Text that could still become a stop sequence is held back.
 */
import type { Token } from 'node-llama-cpp';

export interface StopMatch {
  /** Where the reply text ends (the stop sequence itself is not part of it). */
  textEnd: number;
  /** The text stop sequence that matched; undefined for a token stop. */
  sequence?: string;
}

export class TokenStops {
  private readonly textStops: string[];

  constructor(
    textStops: readonly string[],
    private readonly tokenStops: readonly (readonly Token[])[],
  ) {
    this.textStops = textStops.filter((stop) => stop.length > 0);
  }

  /** The earliest text stop in `text`, or a token stop at the end of `tokens` (`textBefore(i)`: text before token i). */
  match(text: string, tokens: readonly Token[], textBefore: (tokenIndex: number) => number): StopMatch | null {
    let best: StopMatch | null = null;
    for (const stop of this.textStops) {
      const at = text.indexOf(stop);
      if (at >= 0 && (best === null || at < best.textEnd)) best = { textEnd: at, sequence: stop };
    }
    if (best) return best;
    for (const stop of this.tokenStops) {
      if (stop.length === 0 || stop.length > tokens.length) continue;
      const tail = tokens.slice(tokens.length - stop.length);
      if (tail.every((token, i) => token === stop[i])) return { textEnd: textBefore(tokens.length - stop.length) };
    }
    return null;
  }

  /** How much of `text` may go out now: everything but a suffix that starts some stop sequence. */
  safeLength(text: string): number {
    let hold = 0;
    for (const stop of this.textStops) {
      for (let n = Math.min(stop.length - 1, text.length); n > hold; n--) {
        if (text.endsWith(stop.slice(0, n))) {
          hold = n;
          break;
        }
      }
    }
    let end = text.length - hold;
    // A token may end inside a multi-byte character, which detokenizes as U+FFFD until the rest arrives.
    while (end > 0 && text[end - 1] === '\uFFFD') end--;
    return end;
  }
}
