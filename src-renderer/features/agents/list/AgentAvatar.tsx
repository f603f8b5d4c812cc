import { cx } from '../../../components/cx';

const SIZES = { sm: 'size-8 text-sm', lg: 'size-12 text-xl' } as const;

/** The agent's symbol on its colour; a colour that is not valid yet shows as grey. */
export function AgentAvatar({
  symbol,
  colour,
  size = 'sm',
}: {
  symbol: string;
  colour: string;
  size?: keyof typeof SIZES;
}) {
  const background = /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : '#a1a1aa';
  return (
    <span
      aria-hidden="true"
      data-testid="agent-avatar"
      className={cx(
        'flex shrink-0 items-center justify-center rounded-xl font-semibold text-white shadow-xs',
        SIZES[size],
      )}
      style={{ backgroundColor: background }}
    >
      {symbol.trim().slice(0, 8) || '?'}
    </span>
  );
}
