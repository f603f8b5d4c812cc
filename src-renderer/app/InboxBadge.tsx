import { useEffect, useState } from 'react';
import { getBridge } from '../bridge';

/** How many background runs wait for an approval (the Jobs screen's Inbox); nothing when none. */
export function InboxBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    getBridge()
      .request('runs.inbox', {})
      .then((items) => live && setCount(items.length))
      .catch(() => undefined);
    const off = getBridge().on('runs.inbox', (items) => setCount(items.length));
    return () => {
      live = false;
      off();
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
