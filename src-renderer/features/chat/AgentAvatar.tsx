import type { StoredAgent } from '@contract';
import { useMemo } from 'react';
import { chooseAvatarFace } from '../../components/avatar/avatarFace';
import { probeGlyph } from '../../components/avatar/glyphProbe';
import { cx } from '../../components/cx';

/** The agent's symbol on its colour (its monogram where no font draws the emoji); unknown agents get a neutral dot. */
export function AgentAvatar({ agent, size = 'md' }: { agent: StoredAgent | undefined; size?: 'sm' | 'md' }) {
  const avatar = agent?.definition.avatar;
  const name = agent?.definition.name ?? '';
  const face = useMemo(() => (avatar ? chooseAvatarFace(avatar.symbol, name, probeGlyph) : null), [avatar, name]);
  return (
    <span
      aria-hidden="true"
      data-fallback={face?.fallback ? 'monogram' : undefined}
      className={cx(
        'inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white',
        size === 'sm' ? 'size-6 text-[0.7rem]' : 'size-8 text-sm',
      )}
      style={{ backgroundColor: avatar?.colour ?? '#71717a' }}
    >
      {face?.text ?? '?'}
    </span>
  );
}
