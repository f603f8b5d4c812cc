import { z } from 'zod';

/** One schema per setting; storage validates key by key so one bad value never loses the rest. */
export const settingFields = {
  theme: z.enum(['system', 'light', 'dark']),
  fontSize: z.enum(['small', 'medium', 'large']),
  reduceMotion: z.boolean(),
};

export const Settings = z.object(settingFields).strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  fontSize: 'medium',
  reduceMotion: false,
};

/** A partial update: known keys only, at least one. */
export const SettingsPatch = Settings.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Settings patch is empty' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;
