import type { ReactNode } from 'react';
import type { AppInfo } from '@contract';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EngineBuildInfo } from '../models/EngineBuildInfo';
import { onboardingStore } from '../onboarding/onboardingStore';
import { UpdateCheck } from './UpdateCheck';
import { useAppStore } from '../../stores/appStore';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-4 py-2 first:pt-0 last:pb-0">
      <dt className="text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

export function describeShell(shell: AppInfo['shell']): string {
  return shell === 'electron' ? 'desktop window' : 'served to a browser on this computer';
}

export function describeRuntime(runtime: AppInfo['runtime']): string {
  const parts = [`Node ${runtime.node}`];
  if (runtime.electron) parts.push(`Electron ${runtime.electron}`);
  if (runtime.chrome) parts.push(`Chromium ${runtime.chrome}`);
  return parts.join(' · ');
}

export function AboutSection() {
  const info = useAppStore((s) => s.info);
  const infoError = useAppStore((s) => s.infoError);
  const loadInfo = useAppStore((s) => s.loadInfo);

  return (
    <Card title="About" description="Useful when reporting a problem.">
      {info ? (
        <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
          <Row label="Version">
            <span data-testid="about-version">{info.version}</span>
          </Row>
          <Row label="Shell">
            <span data-testid="about-shell">{info.shell}</span>
            <span className="text-zinc-500 dark:text-zinc-400"> · {describeShell(info.shell)}</span>
          </Row>
          <Row label="Platform">
            {info.platform} / {info.arch}
          </Row>
          <Row label="Runtime">{describeRuntime(info.runtime)}</Row>
          <Row label="Engine">
            <EngineBuildInfo />
          </Row>
          <Row label="Data directory">
            <code data-testid="about-datadir" className="font-mono text-[0.8125rem]">
              {info.dataDir}
            </code>
          </Row>
        </dl>
      ) : infoError ? (
        <p className="text-sm text-red-600 dark:text-red-400">
          Could not read app information: {infoError}{' '}
          <button type="button" className="underline underline-offset-2" onClick={() => void loadInfo()}>
            Try again
          </button>
        </p>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
      )}
      <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
        <UpdateCheck />
      </div>
      <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
        <Button data-testid="settings-show-onboarding" onClick={() => onboardingStore.getState().setForced(true)}>
          Show the welcome guide
        </Button>
      </div>
    </Card>
  );
}
