import { AGENT_ID_PATTERN } from '@contract';

const MAX_ID_LENGTH = 64;

/** An agent id from a display name: "Tëst Agent #2" → "test-agent-2"; "" when nothing usable is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip the accents NFKD split off
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_ID_LENGTH).replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet (kept within the id length limit). */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  const root = base === '' ? 'agent' : base;
  if (!taken.has(root)) return root;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${root.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function isValidSlug(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && AGENT_ID_PATTERN.test(id);
}
