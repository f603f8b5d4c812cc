import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@contract';
import { openTestDb } from '../agents/testing/agentFixtures';
import { createCore, DATABASE_FILE_NAME } from '../createCore';
import { createMemoryLogger, createTestPorts, RecordingEvents, TEST_SETTING_DEFAULTS } from '../testing/testPorts';
import { SettingsService } from './settingsService';

const ctx = { signal: new AbortController().signal };
// The test ports' defaults (no periodic node checks) in place of the built-in ones.
const TEST_DEFAULTS = { ...DEFAULT_SETTINGS, ...TEST_SETTING_DEFAULTS };

describe('settings', () => {
  it('persists across a restart and emits settings.changed', async () => {
    const t = createTestPorts();
    const first = await createCore(t.ports);
    const saved = await first.handlers['settings.set']({ theme: 'dark', fontSize: 'large' }, ctx);
    expect(saved).toEqual({ ...TEST_DEFAULTS, theme: 'dark', fontSize: 'large' });
    // Other services announce their own state at start; settings emits exactly one change.
    expect(t.events.events.filter((e) => e.name === 'settings.changed')).toEqual([
      { name: 'settings.changed', payload: saved },
    ]);
    await first.dispose();

    const second = await createCore(createTestPorts(t.dataDir).ports);
    expect(await second.handlers['settings.get']({}, ctx)).toEqual(saved);
    await second.dispose();
  });

  it('falls back to the default for one invalid stored value and keeps the others', async () => {
    const t = createTestPorts();
    const core = await createCore(t.ports);
    await core.handlers['settings.set']({ theme: 'dark', fontSize: 'small' }, ctx);
    await core.dispose();

    const raw = new Database(path.join(t.dataDir, DATABASE_FILE_NAME));
    raw.prepare("UPDATE settings SET value = '\"neon\"' WHERE key = 'theme'").run();
    raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('fromTheFuture', '1', 0)").run();
    raw.close();

    const again = createTestPorts(t.dataDir);
    const reopened = await createCore(again.ports);
    expect(await reopened.handlers['settings.get']({}, ctx)).toEqual({ ...TEST_DEFAULTS, fontSize: 'small' });
    expect(again.logger.lines.filter((l) => l.message.includes('invalid'))).toHaveLength(1);
    await reopened.dispose();
  });

  it('tells in-process listeners about a saved change; a failing listener neither blocks others nor the save', () => {
    const t = openTestDb();
    const logger = createMemoryLogger();
    const settings = new SettingsService(t.db, t.dbFile, new RecordingEvents(), logger, Date.now);
    const seen: string[] = [];
    settings.onChange(() => {
      throw new Error('boom');
    });
    const off = settings.onChange((next) => seen.push(next.inferenceBackend));
    settings.set({ inferenceBackend: 'cpu' });
    off();
    settings.set({ inferenceBackend: 'auto' });
    expect(seen).toEqual(['cpu']);
    expect(settings.get().inferenceBackend).toBe('auto');
    expect(logger.lines.filter((l) => l.message === 'settings listener failed')).toHaveLength(2);
    t.db.close();
  });

  it("takes the host's defaults for settings never saved; a saved value wins, and without them the built-in ones", () => {
    const t = openTestDb();
    const sink = new RecordingEvents();
    const builtIn = new SettingsService(t.db, t.dbFile, sink, createMemoryLogger(), Date.now);
    expect(builtIn.get().nodeHealthCheckSeconds).toBe(DEFAULT_SETTINGS.nodeHealthCheckSeconds);
    expect(DEFAULT_SETTINGS.nodeHealthCheckSeconds).toBeGreaterThan(0);

    const hosted = new SettingsService(t.db, t.dbFile, sink, createMemoryLogger(), Date.now, {
      nodeHealthCheckSeconds: 0,
    });
    expect(hosted.get()).toEqual({ ...DEFAULT_SETTINGS, nodeHealthCheckSeconds: 0 });
    hosted.set({ nodeHealthCheckSeconds: 5 });
    expect(hosted.get().nodeHealthCheckSeconds).toBe(5);
    t.db.close();
  });
});
