/** Picking ids and names for copies and imports without colliding with what is already there. */
import { AGENT_ID_PATTERN, type AgentDefinition } from './agentSchema';

const MAX_ID_LENGTH = 64;

/** Turns any text into a valid agent id slug ("My Agent!" → "my-agent"). */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/g, '');
  return AGENT_ID_PATTERN.test(slug) ? slug : 'agent';
}

/** `base` if free, else `base-2`, `base-3`, … (trimmed so the suffix always fits). */
export function uniqueAgentId(base: string, taken: ReadonlySet<string>): string {
  const root = slugify(base);
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${root.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/g, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function copyName(name: string): string {
  const suffix = ' (copy)';
  return `${name.slice(0, 80 - suffix.length).trimEnd()}${suffix}`;
}

/** Points team members at their new ids after an import renamed some agents of the same batch. */
export function remapTeamMembers(definition: AgentDefinition, renamed: ReadonlyMap<string, string>): AgentDefinition {
  if (!definition.team) return definition;
  return {
    ...definition,
    team: {
      ...definition.team,
      members: definition.team.members.map((m) => ({ ...m, agentId: renamed.get(m.agentId) ?? m.agentId })),
    },
  };
}
