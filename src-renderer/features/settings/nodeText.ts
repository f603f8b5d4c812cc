/** Words and colours for a node's health and its probed capabilities. */
import type { NodeCapabilities, NodeHealth } from '@contract';
import type { BadgeTone } from '../../components/Badge';

export const HEALTH_TONE: Record<NodeHealth['state'], BadgeTone> = {
  unknown: 'neutral',
  healthy: 'success',
  degraded: 'warning',
  down: 'danger',
};

export function healthLine(h: NodeHealth): string {
  const parts = [`${h.requests} request${h.requests === 1 ? '' : 's'}`];
  if (h.latencyMs !== null) parts.push(`${Math.round(h.latencyMs)} ms`);
  if (h.tokensPerSecond !== null) parts.push(`${h.tokensPerSecond.toFixed(1)} tok/s`);
  const tokens = h.promptTokens + h.completionTokens;
  if (tokens > 0) parts.push(`${COUNT.format(tokens)} tokens`);
  if (h.requests > 0) parts.push(`${Math.round(h.errorRate * 100)}% errors`);
  if (h.inFlight > 0) parts.push(`${h.inFlight} running`);
  return parts.join(' · ');
}

// Fixed locale: the same digits in every test and screenshot.
const COUNT = new Intl.NumberFormat('en-US');

/** "1,200 in · 340 out": the tokens a node read and wrote for finished replies. */
export function tokensLine(h: Pick<NodeHealth, 'promptTokens' | 'completionTokens'>): string {
  return `${COUNT.format(h.promptTokens)} in · ${COUNT.format(h.completionTokens)} out`;
}

/** When the last periodic health check ran and what it found; null before the first one. */
export function checkLine(
  h: NodeHealth,
  time: (at: number) => string = (at) => new Date(at).toLocaleTimeString(),
): string | null {
  if (h.lastCheckAt === null) return null;
  return `checked at ${time(h.lastCheckAt)}: ${h.lastCheckOk ? 'reachable' : 'not reachable'}`;
}

/** "tools ✓ · JSON ✗ · streaming ?": probed answers, '?' where the probe could not tell. */
export function capabilityLine(c: NodeCapabilities): string {
  const mark = (v: boolean | null) => (v === null ? '?' : v ? '✓' : '✗');
  return `streaming ${mark(c.streaming)} · tools ${mark(c.tools)} · JSON schema ${mark(c.jsonSchema)}`;
}
