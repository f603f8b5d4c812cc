/** Desktop notifications through Electron's Notification; a click brings the window forward, then core acts. */
import { Notification, type BrowserWindow } from 'electron';
import type { NotificationPort } from '../core/ports';
import { focusWindow } from './windows';

export function electronNotifications(mainWindow: () => BrowserWindow | undefined): NotificationPort {
  // Shown notifications are kept until closed: one collected early would lose its click handler.
  const shown = new Set<Notification>();
  return {
    unavailable: Notification.isSupported() ? null : 'This desktop does not support notifications',
    show({ title, body, onClick }) {
      const notification = new Notification({ title, body });
      notification.on('click', () => {
        focusWindow(mainWindow());
        onClick();
      });
      notification.on('close', () => shown.delete(notification));
      shown.add(notification);
      notification.show();
    },
  };
}
