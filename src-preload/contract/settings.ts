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
  /** Disk the saved prompt states may use (least recently used dropped first); 0 turns the prompt cache off. */
  promptCacheMegabytes: z.number().int().min(0).max(100_000),
  maxConcurrentDownloads: z.number().int().min(1).max(4),
  /** Blocks even user-started network use (downloads, Hugging Face search); loopback stays allowed. */
  offlineMode: z.boolean(),
  /** Dashboard alerts: RAM and VRAM use (percent) and slow first tokens (seconds) that raise a banner. */
  alertRamPercent: z.number().int().min(1).max(99),
  alertVramPercent: z.number().int().min(10).max(99),
  alertResponseSeconds: z.number().int().min(1).max(600),
  /** Local OpenAI-compatible API server (Settings → API); off until the user turns it on. */
  apiEnabled: z.boolean(),
  apiPort: z.number().int().min(1024).max(65535),
  /** Listen on every interface instead of 127.0.0.1 only: other machines on the network can then connect. */
  apiBindLan: z.boolean(),
  /** Web origins allowed to call the API from a browser (CORS); empty means CORS is off. */
  apiCorsOrigins: z.array(z.string().url().max(200)).max(20),
  /** Requests per minute per API key. */
  apiRateLimitPerMinute: z.number().int().min(1).max(10_000),
  /** Requests that may wait per model beyond its parallel sequences; more get 429. */
  apiMaxQueue: z.number().int().min(0).max(1000),
  /** Agents' "ask" tools run over the API when on (no one is there to approve); denied when off. */
  apiAllowAskTools: z.boolean(),
  /** Seconds between health checks of remote nodes (Settings → Nodes); 0 turns them off. */
  nodeHealthCheckSeconds: z.number().int().min(0).max(3600),
  /** The first-run guide was finished or skipped; Settings can show it again. */
  onboardingDone: z.boolean(),
  /** Background job runs at the same time at most (core/jobs). */
  jobsMaxConcurrentRuns: z.number().int().min(1).max(8),
  /** Background runs wait while the computer runs on battery. */
  jobsNotOnBattery: z.boolean(),
  /** Background runs wait until nobody has used the computer for this long; 0 = off (Electron only). */
  jobsIdleMinutes: z.number().int().min(0).max(240),
  /** Knowledge search re-orders its best passages with an installed cross-encoder (`<dataDir>/rerankers/`). */
  knowledgeRerank: z.boolean(),
  /** Which installed reranker (its folder under `rerankers/`, e.g. a catalog model id); '' = the first one. */
  knowledgeReranker: z.string().max(200),
};

export const Settings = z.object(settingFields).strict();
export type Settings = z.infer<typeof Settings>;

// In their own zod-free file: the renderer's first script starts from them before core answers.
export { DEFAULT_SETTINGS } from './settingDefaults';

/** A partial update: known keys only, at least one. */
export const SettingsPatch = Settings.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Settings patch is empty' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;
