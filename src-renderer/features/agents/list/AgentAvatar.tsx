import { useMemo } from 'react';
import { chooseAvatarFace } from '../../../components/avatar/avatarFace';
import { probeGlyph } from '../../../components/avatar/glyphProbe';
import { cx } from '../../../components/cx';

const SIZES = { sm: 'size-8 text-sm', lg: 'size-12 text-xl' } as const;

/** The agent's symbol on its colour (its monogram where no font draws the emoji); an invalid colour shows grey. */
export function AgentAvatar({
  symbol,
  colour,
  name,
  size = 'sm',
}: {
  symbol: string;
  colour: string;
  name: string;
  size?: keyof typeof SIZES;
}) {
  const face = useMemo(() => chooseAvatarFace(symbol, name, probeGlyph), [symbol, name]);
  const background = /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : '#a1a1aa';
  return (
    <span
      aria-hidden="true"
      data-testid="agent-avatar"
      data-fallback={face.fallback ? 'monogram' : undefined}
      className={cx(
        'flex shrink-0 items-center justify-center rounded-xl font-semibold text-white shadow-xs',
        SIZES[size],
      )}
      style={{ backgroundColor: background }}
    >
      {face.text}
    </span>
  );
}
