import { z } from 'zod';

export const Empty = z.object({}).strict();

/** Something the user should know about start-up, e.g. a database that had to be set aside. */
export const AppNotice = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
  /** Files the notice is about, so the UI can name them. */
  files: z.array(z.string()),
});
export type AppNotice = z.infer<typeof AppNotice>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  shell: z.enum(['electron', 'headless']),
  runtime: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  dataDir: z.string(),
  notices: z.array(AppNotice),
});
export type AppInfo = z.infer<typeof AppInfo>;
