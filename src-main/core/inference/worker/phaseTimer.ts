import type { GenerationPhases } from '../../../../src-preload/contract/inference';

type Phase = keyof GenerationPhases;

/** Splits one generation's wall time into phases: each `end(phase)` adds the time since the previous mark. */
export class PhaseTimer {
  private last: number;
  private readonly spent: GenerationPhases = {
    constraintMs: 0,
    renderMs: 0,
    queueMs: 0,
    cacheMs: 0,
    evalMs: 0,
    decodeMs: 0,
    saveMs: 0,
  };

  constructor(private readonly now: () => number = () => performance.now()) {
    this.last = now();
  }

  end(phase: Phase): void {
    const at = this.now();
    this.spent[phase] += Math.max(0, at - this.last);
    this.last = at;
  }

  phases(): GenerationPhases {
    return { ...this.spent };
  }
}
