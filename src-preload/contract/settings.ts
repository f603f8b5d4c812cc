import { z } from 'zod';

/** One schema per setting; storage validates key by key so one bad value never loses the rest. */
export const settingFields = {
  theme: z.enum(['system', 'light', 'dark']),
  fontSize: z.enum(['small', 'medium', 'large']),
  reduceMotion: z.boolean(),
  /** llama.cpp backend; "auto" picks the best one this machine supports. */
  inferenceBackend: z.enum(['auto', 'metal', 'cuda', 'vulkan', 'cpu']),
  /** Share of system RAM that loaded models may use together. */
  memoryBudgetPercent: z.number().int().min(10).max(95),
  maxLoadedModels: z.number().int().min(1).max(8),
  /** Unload a model nobody used for this long; 0 keeps models loaded. */
  idleUnloadMinutes: z.number().int().min(0).max(1440),
  /** Never idle-unload or evict the model of the agent in the open chat. */
  keepActiveModelWarm: z.boolean(),
  maxConcurrentDownloads: z.number().int().min(1).max(4),
};

export const Settings = z.object(settingFields).strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  fontSize: 'medium',
  reduceMotion: false,
  inferenceBackend: 'auto',
  memoryBudgetPercent: 70,
  maxLoadedModels: 2,
  idleUnloadMinutes: 5,
  keepActiveModelWarm: true,
  maxConcurrentDownloads: 2,
};

/** A partial update: known keys only, at least one. */
export const SettingsPatch = Settings.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Settings patch is empty' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;
