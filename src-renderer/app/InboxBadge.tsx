import { useEffect, useState } from 'react';
import { getBridge } from '../bridge';
import { hrefFor } from '../lib/hashRoute';

/**
 * How many background runs wait for an approval (the Jobs screen's Inbox); nothing when none. Always mounted,
 * so it also answers a clicked desktop notification (`runs.openInbox`) by showing the Jobs screen's Inbox.
 */
export function InboxBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    getBridge()
      .request('runs.inbox', {})
      .then((items) => live && setCount(items.length))
      .catch(() => undefined);
    const off = getBridge().on('runs.inbox', (items) => setCount(items.length));
    const offOpen = getBridge().on('runs.openInbox', () => {
      window.location.hash = hrefFor('jobs');
    });
    return () => {
      live = false;
      off();
      offOpen();
    };
  }, []);
  if (count === 0) return null;
  return (
    <span
      data-testid="inbox-badge"
      aria-label={`${count} waiting for approval`}
      className="ml-auto rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white"
    >
      {count}
    </span>
  );
}
