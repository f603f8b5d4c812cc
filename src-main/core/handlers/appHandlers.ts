import type { AppInfo, AppNotice } from '@contract';
import type { CorePaths, DialogPort, HostInfo } from '../ports';
import type { DomainHandlers } from '../rpc/handlerTypes';
import type { SettingsService } from '../settings/settingsService';
import type { createSystemProbe } from '../system/systemSnapshot';

type PickOptions = Parameters<DialogPort['openFile']>[0];

/** What each picker shows; knowledge sources take any folder, or one document of a format the parsers read. */
const PICKS: Record<'model' | 'pack' | 'folder' | 'document', PickOptions> = {
  model: { title: 'Add a GGUF model', extensions: ['gguf'] },
  pack: { title: 'Import a model pack (folder or .tar)', extensions: ['tar'], directory: true },
  folder: { title: 'Add a folder to the knowledge base', extensions: ['*'], directory: true },
  document: {
    title: 'Add a document to the knowledge base',
    extensions: ['pdf', 'docx', 'md', 'markdown', 'txt', 'html', 'htm', 'csv', 'tsv', 'json', 'ts', 'js', 'py'],
  },
};

export interface AppServices {
  paths: CorePaths;
  host: HostInfo;
  notices: () => AppNotice[];
  settings: SettingsService;
  system: ReturnType<typeof createSystemProbe>;
  dialogs: DialogPort | undefined;
}

export function appHandlers(s: AppServices) {
  return {
    'app.info': async (): Promise<AppInfo> => ({
      name: 'Outpost',
      version: s.host.appVersion,
      platform: process.platform,
      arch: process.arch,
      shell: s.host.shell,
      runtime: { node: process.versions.node, electron: s.host.electronVersion, chrome: s.host.chromeVersion },
      dataDir: s.paths.dataDir,
      notices: s.notices(),
    }),
    'system.snapshot': async () => s.system.snapshot(),
    'system.pickFile': async ({ kind }) => {
      if (!s.dialogs) return { supported: false, path: null };
      const path = await s.dialogs.openFile(PICKS[kind]);
      return { supported: true, path };
    },
    'settings.get': async () => s.settings.get(),
    'settings.set': async (patch) => s.settings.set(patch),
  } satisfies DomainHandlers<'app' | 'system' | 'settings'>;
}
