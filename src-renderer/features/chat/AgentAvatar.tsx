import type { StoredAgent } from '@contract';
import { cx } from '../../components/cx';

/** The agent's symbol on its colour; unknown agents get a neutral dot. */
export function AgentAvatar({ agent, size = 'md' }: { agent: StoredAgent | undefined; size?: 'sm' | 'md' }) {
  const avatar = agent?.definition.avatar;
  return (
    <span
      aria-hidden="true"
      className={cx(
        'inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white',
        size === 'sm' ? 'size-6 text-[0.7rem]' : 'size-8 text-sm',
      )}
      style={{ backgroundColor: avatar?.colour ?? '#71717a' }}
    >
      {avatar?.symbol ?? '?'}
    </span>
  );
}
