import { BrowserWindow, dialog } from 'electron';
import type { DialogPort } from '../core/ports';

/** Native open dialogs, parented to the focused window so they are modal to it. */
export const electronDialogs: DialogPort = {
  async openFile({ title, extensions, directory }) {
    const parent = BrowserWindow.getFocusedWindow();
    const options: Electron.OpenDialogOptions = {
      title,
      properties: directory ? ['openFile', 'openDirectory'] : ['openFile'],
      filters: [{ name: extensions.join(', ').toUpperCase(), extensions }],
    };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};
