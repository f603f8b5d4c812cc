import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsOwnProcess, sharedProcessTestFiles } from './testIsolation';

describe('unit test isolation', () => {
  it('keeps tests that boot a core, spawn, serve or patch process-wide state in their own process', () => {
    expect(needsOwnProcess('core = await createCore(t.ports);')).toBe(true);
    expect(needsOwnProcess('const engine = createTestEngine();')).toBe(true);
    expect(needsOwnProcess("import { spawn } from 'node:child_process';")).toBe(true);
    expect(needsOwnProcess('vi.useFakeTimers();')).toBe(true);
    expect(needsOwnProcess("process.env.X = '1';")).toBe(true);
    expect(needsOwnProcess('expect(parseHeader(bytes)).toEqual(header);')).toBe(false);
  });

  it('shares pure files and none of the process-heavy ones of this repository', () => {
    const shared = sharedProcessTestFiles(path.resolve('.'));
    expect(shared).toContain('src-main/core/models/ggufHeader.test.ts');
    expect(shared).toContain('src-renderer/stores/settingsStore.test.ts');
    for (const heavy of [
      'src-main/core/chat/chatCore.test.ts',
      'src-main/core/inference/inferenceClient.test.ts',
      'src-main/core/process/workerHost.test.ts',
      'src-main/headless/server.test.ts',
      'src-main/core/net/networkGuard.test.ts',
    ])
      expect(shared).not.toContain(heavy);
  });
});
