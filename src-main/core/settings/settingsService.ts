import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, settingFields, type Settings, type SettingsPatch } from '@contract';
import { tryParseJson } from '../lib/jsonText';
import type { EventSink, Logger } from '../ports';
import { writeTransaction } from '../storage/transactions';

type SettingKey = keyof Settings;

function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingFields, key);
}

/** Settings live as one JSON value per key, so a bad value costs only that key. */
export type SettingsListener = (next: Settings) => void;

export class SettingsService {
  private readonly warnedKeys = new Set<string>();
  private readonly listeners = new Set<SettingsListener>();

  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
    private readonly events: EventSink,
    private readonly logger: Logger,
    private readonly now: () => number,
    /** The host's defaults for settings never saved, in place of the built-in ones (tests: no periodic checks). */
    private readonly defaults: Partial<Settings> = {},
  ) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const result: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...this.defaults };
    for (const { key, value } of rows) {
      if (!isSettingKey(key)) continue; // a setting from a newer version: keep it stored, ignore it here
      const parsed = settingFields[key].safeParse(tryParseJson(value));
      if (parsed.success) result[key] = parsed.data;
      else this.warnOnce(key, value);
    }
    return result as Settings;
  }

  set(patch: SettingsPatch): Settings {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    writeTransaction({ db: this.db, dbFile: this.dbFile }, 'save settings', () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value), this.now());
      }
    });
    const settings = this.get();
    this.events.emit('settings.changed', settings);
    for (const listener of this.listeners) this.notify(listener, settings);
    return settings;
  }

  /** In-process reactions to a saved change (API restart, backend switch); returns the unsubscribe function. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A failing reaction is logged: the change is saved and the other listeners still run. */
  private notify(listener: SettingsListener, settings: Settings): void {
    try {
      listener(settings);
    } catch (error) {
      this.logger.error('settings listener failed', { error: String(error) });
    }
  }

  private warnOnce(key: string, value: string): void {
    if (this.warnedKeys.has(key)) return;
    this.warnedKeys.add(key);
    this.logger.warn('stored setting is invalid; using the default', { key, value: value.slice(0, 200) });
  }
}
