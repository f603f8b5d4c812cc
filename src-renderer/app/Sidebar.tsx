import { cx } from '../components/cx';
import { OutpostMark } from '../components/icons';
import { SCREEN_IDS, hrefFor, type ScreenId } from '../lib/hashRoute';
import { useAppStore } from '../stores/appStore';
import { DownloadsIndicator } from './DownloadsIndicator';
import { InboxBadge } from './InboxBadge';
import { SCREENS } from './screens';

const WORKSPACE: readonly ScreenId[] = SCREEN_IDS.filter((id) => id !== 'settings');

function NavItem({ id, current }: { id: ScreenId; current: boolean }) {
  const { label, icon: IconSvg } = SCREENS[id];
  return (
    <li>
      <a
        href={hrefFor(id)}
        data-testid={`nav-${id}`}
        aria-current={current ? 'page' : undefined}
        className={cx(
          'flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors',
          'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-emerald-500',
          current
            ? 'bg-white font-medium text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-white dark:ring-zinc-700'
            : 'text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100',
        )}
      >
        <IconSvg size={16} className={current ? 'text-emerald-600 dark:text-emerald-400' : undefined} />
        {label}
        {id === 'jobs' && <InboxBadge />}
      </a>
    </li>
  );
}

function ConnectionDot() {
  const state = useAppStore((s) => s.connection.state);
  const shell = useAppStore((s) => s.info?.shell);
  const label = state === 'open' ? 'Connected' : state === 'connecting' ? 'Connecting' : 'Disconnected';
  const colour = state === 'open' ? 'bg-emerald-500' : state === 'connecting' ? 'bg-amber-500' : 'bg-red-500';
  return (
    <p className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span aria-hidden="true" className={cx('size-1.5 rounded-full', colour)} />
      {label}
      {shell && <span className="text-zinc-400 dark:text-zinc-500">· {shell}</span>}
    </p>
  );
}

/** `current` null: no screen marked yet (the prerendered first paint does not know the address). */
export function Sidebar({ current }: { current: ScreenId | null }) {
  const version = useAppStore((s) => s.info?.version);
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-zinc-100/70 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center gap-2 px-4 pt-4 pb-5">
        <span className="flex size-7 items-center justify-center rounded-lg bg-emerald-600 text-white dark:bg-emerald-500 dark:text-emerald-950">
          <OutpostMark size={16} strokeWidth={2} />
        </span>
        <span className="text-sm font-semibold tracking-tight">Outpost</span>
        {version && <span className="text-xs text-zinc-400 dark:text-zinc-500">v{version}</span>}
      </div>
      <nav aria-label="Main" className="flex flex-1 flex-col justify-between px-2 pb-3">
        <ul className="space-y-0.5">
          {WORKSPACE.map((id) => (
            <NavItem key={id} id={id} current={id === current} />
          ))}
        </ul>
        <ul className="space-y-0.5">
          <NavItem id="settings" current={current === 'settings'} />
        </ul>
      </nav>
      <DownloadsIndicator />
      <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <ConnectionDot />
      </div>
    </aside>
  );
}
