import { useMemo } from 'react';
import type { AppNotice } from '@contract';
import { Banner } from '../components/Banner';
import { useAppStore, visibleNotices } from '../stores/appStore';

function NoticeBanner({ notice, onDismiss }: { notice: AppNotice; onDismiss: () => void }) {
  return (
    <Banner
      level={notice.level}
      title={notice.title}
      onDismiss={onDismiss}
      dismissLabel={`Dismiss “${notice.title}”`}
      data-testid="notice"
      data-notice-id={notice.id}
      data-level={notice.level}
    >
      <p>{notice.message}</p>
      {notice.files.length > 0 && (
        <ul className="mt-1.5 space-y-0.5" aria-label="Files">
          {notice.files.map((file) => (
            <li key={file}>
              <code className="rounded bg-black/5 px-1 py-0.5 font-mono text-xs break-all dark:bg-white/10">
                {file}
              </code>
            </li>
          ))}
        </ul>
      )}
    </Banner>
  );
}

export function NoticeBanners() {
  const notices = useAppStore((s) => s.notices);
  const dismissed = useAppStore((s) => s.dismissed);
  const dismiss = useAppStore((s) => s.dismissNotice);
  const visible = useMemo(() => visibleNotices(notices, dismissed), [notices, dismissed]);
  return visible.map((notice) => <NoticeBanner key={notice.id} notice={notice} onDismiss={() => dismiss(notice.id)} />);
}
