/**
 * The run queue's memory and machine gates on fakes (no llama.cpp, no battery): a run waits, with its reason,
 * while its model would only fit by unloading a model someone is using, while the computer is on battery or in
 * use (when those rules are on), and starts once that is no longer so.
 */
import { DEFAULT_SETTINGS, type LoadedModel, type MemoryEstimate } from '@contract';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/testPorts';
import { machineState, machineWaitReason, type MachineRules, type MachineStatePort } from './machineGates';
import { IN_USE_MS, memoryWaitReason } from './queueGates';
import { RunQueue } from './runQueue';

const NOW = 1_800_000_000_000;

function loaded(modelId: string, overrides: Partial<LoadedModel> = {}): LoadedModel {
  return {
    modelId,
    loadedAt: NOW - 600_000,
    lastUsedAt: NOW - 10 * IN_USE_MS,
    gpuLayers: 0,
    contextSize: 4096,
    parallelSequences: 1,
    busySequences: 0,
    ramBytes: 1e9,
    vramBytes: 0,
    keepAlive: false,
    ...overrides,
  };
}

function estimate(overrides: Partial<MemoryEstimate> = {}): MemoryEstimate {
  return {
    gpuLayers: 0,
    contextSize: 4096,
    ramBytes: 1e9,
    vramBytes: 0,
    ramBudgetBytes: 0,
    vramBudgetBytes: 0,
    fits: true,
    wouldEvict: [],
    suggestion: null,
    ...overrides,
  };
}

/** A fake machine: what is loaded and what loading `big` would unload; a queue whose runs end when told. */
function setup() {
  const machine = { loaded: [] as LoadedModel[], estimate: estimate(), now: NOW };
  const rules: MachineRules = { jobsNotOnBattery: false, jobsIdleMinutes: 0 };
  const power = { onBattery: false as boolean | null, idleSeconds: 0 as number | null, batteryReads: 0 };
  const powerChanged: (() => void)[] = [];
  const port: MachineStatePort = {
    onBattery: async () => {
      power.batteryReads++;
      return power.onBattery;
    },
    idleSeconds: () => power.idleSeconds,
    idleUnavailable: null,
    onChange: (listener) => powerChanged.push(listener),
  };
  const started: string[] = [];
  const reasons = new Map<string, string>();
  const finishers = new Map<string, () => void>();
  let onStart: ((runId: string) => void) | null = null;
  let checks = 0;
  const queue = new RunQueue({
    gates: {
      machine: async () => {
        const reason = await machineWaitReason(rules, port);
        if (reason) checks++;
        return reason;
      },
      maxConcurrent: () => 2,
      modelFor: () => 'big',
      foreground: () => null,
      memory: async (modelId) => {
        const reason = await memoryWaitReason(
          { loaded: () => machine.loaded, estimate: async () => machine.estimate, now: () => machine.now },
          modelId,
        );
        checks++;
        return reason;
      },
    },
    start: (runId) =>
      new Promise<void>((resolve) => {
        started.push(runId);
        finishers.set(runId, resolve);
        onStart?.(runId);
      }),
    waiting: (runId, reason) => reasons.set(runId, reason),
    logger: createMemoryLogger(),
    retryMs: 3_600_000, // the test pokes; the retry timer never decides anything here
  });
  const startOf = (runId: string) =>
    new Promise<void>((resolve) => {
      if (started.includes(runId)) return resolve();
      onStart = (id) => id === runId && resolve();
    });
  /** Pokes the queue and resolves once a gate has said "wait" (and the queue acted on the answer). */
  const looked = async (poke: () => void) => {
    const before = checks;
    poke();
    while (checks === before) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  };
  port.onChange?.(() => queue.poke());
  const powerChange = () => powerChanged.forEach((listener) => listener());
  return { machine, rules, power, port, powerChange, queue, started, reasons, looked, startOf, finishers };
}

describe('run queue memory gate (fakes)', () => {
  it('waits while loading its model would unload a model in use, and starts once that model is idle', async () => {
    const s = setup();
    s.machine.loaded = [loaded('chat-model', { busySequences: 1, lastUsedAt: NOW })];
    s.machine.estimate = estimate({ wouldEvict: ['chat-model'] });
    await s.looked(() => s.queue.enqueue('run-1'));
    expect(s.reasons.get('run-1')).toBe('Waiting for memory: loading big would unload chat-model, which is in use');
    expect(s.started).toEqual([]);

    // Still used a minute ago: still in use.
    s.machine.loaded = [loaded('chat-model', { lastUsedAt: NOW - 60_000 })];
    await s.looked(() => s.queue.poke());
    expect(s.started).toEqual([]);

    // Idle past the in-use window: evicting it is fine, the run starts.
    s.machine.now = NOW + IN_USE_MS;
    const started = s.startOf('run-1');
    s.queue.poke();
    await started;
    expect(s.started).toEqual(['run-1']);
    s.queue.dispose();
  });

  it('never evicts a model kept warm for the active agent', async () => {
    const s = setup();
    s.machine.loaded = [loaded('agent-model', { keepAlive: true })];
    s.machine.estimate = estimate({ wouldEvict: ['agent-model'] });
    await s.looked(() => s.queue.enqueue('run-1'));
    expect(s.reasons.get('run-1')).toMatch(/would unload agent-model, which is in use/);
    // The user switched agents: the model is no longer kept warm.
    s.machine.loaded = [loaded('agent-model')];
    const started = s.startOf('run-1');
    s.queue.poke();
    await started;
    s.queue.dispose();
  });

  it('waits while the model does not fit at all, and starts once memory frees', async () => {
    const s = setup();
    s.machine.estimate = estimate({ fits: false });
    await s.looked(() => s.queue.enqueue('run-1'));
    expect(s.reasons.get('run-1')).toBe('Waiting for memory: big does not fit the memory budget now');
    s.machine.estimate = estimate();
    const started = s.startOf('run-1');
    s.queue.poke();
    await started;
    s.queue.dispose();
  });

  it('starts at once when its model is loaded already, or only idle models would go', async () => {
    const s = setup();
    s.machine.loaded = [loaded('big', { busySequences: 1, lastUsedAt: NOW })];
    const first = s.startOf('run-1');
    s.queue.enqueue('run-1');
    await first;
    s.machine.loaded = [loaded('old-model')];
    s.machine.estimate = estimate({ wouldEvict: ['old-model'] });
    const second = s.startOf('run-2');
    s.queue.enqueue('run-2');
    await second;
    expect(s.reasons.size).toBe(0);
    s.queue.dispose();
  });
});

describe('run queue machine rules (fakes)', () => {
  it('with "not on battery", runs wait on battery and start when the power source changes to mains', async () => {
    const s = setup();
    s.power.onBattery = true;
    const first = s.startOf('run-1');
    s.queue.enqueue('run-1'); // the rule is off: battery does not matter
    await first;
    expect(s.power.batteryReads).toBe(0);

    s.rules.jobsNotOnBattery = true;
    await s.looked(() => s.queue.enqueue('run-2'));
    await s.looked(() => s.queue.enqueue('run-3'));
    expect(s.reasons.get('run-2')).toBe('Waiting: on battery (runs start on mains power)');
    expect(s.reasons.get('run-3')).toBe('Waiting: on battery (runs start on mains power)');
    expect(s.started).toEqual(['run-1']);

    s.power.onBattery = false;
    const second = s.startOf('run-2');
    s.powerChange(); // Electron's powerMonitor 'on-ac'
    await second;
    s.queue.dispose();
  });

  it('a failed battery reading does not hold runs', async () => {
    const s = setup();
    s.rules.jobsNotOnBattery = true;
    s.power.onBattery = null;
    const started = s.startOf('run-1');
    s.queue.enqueue('run-1');
    await started;
    s.queue.dispose();
  });

  it('with "only when idle", runs wait while the computer is in use and start once it has been idle long enough', async () => {
    const s = setup();
    s.rules.jobsIdleMinutes = 10;
    s.power.idleSeconds = 30;
    await s.looked(() => s.queue.enqueue('run-1'));
    expect(s.reasons.get('run-1')).toBe('Waiting until the computer has been idle for 10 min');
    s.power.idleSeconds = 9 * 60;
    await s.looked(() => s.queue.poke());
    expect(s.started).toEqual([]);
    s.power.idleSeconds = 10 * 60;
    const started = s.startOf('run-1');
    s.queue.poke();
    await started;
    s.queue.dispose();
  });

  it('where idle time is unknown (headless) the idle rule holds nothing, and the state says why', async () => {
    const headless: MachineStatePort = {
      onBattery: async () => false,
      idleSeconds: () => null,
      idleUnavailable: 'no input devices here',
    };
    const rules = { ...DEFAULT_SETTINGS, jobsIdleMinutes: 10 };
    expect(await machineWaitReason(rules, headless)).toBeNull();
    expect(await machineState(headless)).toEqual({
      onBattery: false,
      idleSeconds: null,
      idleUnavailable: 'no input devices here',
    });
  });
});
