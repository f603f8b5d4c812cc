/** Places validation issues (paths from `describeIssues`) on the builder's fields. */
import type { ValidationIssue } from '@contract';

/** Messages for exactly this field path, e.g. `sampling.topP` or `team.members[1].purpose`. */
export function messagesAt(issues: readonly ValidationIssue[], path: string): string[] {
  return issues.filter((issue) => issue.path === path).map((issue) => issue.message);
}

/** Issues for a field and everything inside it: `team` also matches `team.members[0].agentId`. */
export function issuesUnder(issues: readonly ValidationIssue[], prefix: string): ValidationIssue[] {
  return issues.filter(
    (issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`),
  );
}

const LABELS: Record<string, string> = {
  '': 'Agent',
  id: 'Id',
  name: 'Name',
  'avatar.symbol': 'Avatar symbol',
  'avatar.colour': 'Avatar colour',
  description: 'Description',
  systemPrompt: 'System prompt',
  'model.preferred': 'Model',
  'model.fallback': 'Fallback model',
  'sampling.temperature': 'Temperature',
  'sampling.topP': 'Top-p',
  'sampling.topK': 'Top-k',
  'sampling.minP': 'Min-p',
  'sampling.repeatPenalty': 'Repeat penalty',
  'sampling.maxTokens': 'Max tokens',
  'sampling.seed': 'Seed',
  'context.strategy': 'Context strategy',
  'context.reserveForReply': 'Reserve for reply',
  tools: 'Tools',
  'memory.maxRecalledFacts': 'Recalled facts',
  starterPrompts: 'Starter prompts',
  kind: 'Kind',
  team: 'Team',
  'team.members': 'Team members',
  'team.routerModel': 'Router model',
};

/** A person's name for a field path: `team.members[1].purpose` → "Team member 2 purpose". */
export function fieldLabel(path: string): string {
  const known = LABELS[path];
  if (known) return known;
  const member = /^team\.members\[(\d+)\]\.(agentId|purpose)$/.exec(path);
  if (member) return `Team member ${Number(member[1]) + 1} ${member[2] === 'agentId' ? 'agent' : 'purpose'}`;
  const starter = /^starterPrompts\[(\d+)\]$/.exec(path);
  if (starter) return `Starter prompt ${Number(starter[1]) + 1}`;
  const tool = /^tools\.(.+)$/.exec(path);
  if (tool) return `Tool ${tool[1]}`;
  return path;
}

/** Stable DOM id for a field path, so the problem list can focus the control it names. */
export function fieldDomId(path: string): string {
  return `agent-field-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** zod's generic range messages in the words the contract's own messages use ("must be at most 1"). */
export function humanMessage(message: string): string {
  const range = /^Too (big|small): expected (?:number|string|array) to (?:be|have) ([<>]=?)\s*([\d.e+-]+)(.*)$/.exec(
    message,
  );
  if (!range) return message.replace(/^Invalid input: expected number, received NaN$/, 'must be a number');
  const [, , op, limit, rest] = range;
  const unit = rest?.trim() ? ` ${rest.trim()}` : '';
  if (op === '<=') return `must be at most ${limit}${unit}`;
  if (op === '>=') return `must be at least ${limit}${unit}`;
  if (op === '<') return `must be less than ${limit}${unit}`;
  return `must be more than ${limit}${unit}`;
}

/** The builder's fields top to bottom, so the problem list reads in the order the form does. */
const FORM_ORDER = [
  'name',
  'id',
  'avatar',
  'description',
  'kind',
  'systemPrompt',
  'starterPrompts',
  'model',
  'sampling',
  'context',
  'tools',
  'memory',
  'team',
];

function rank(path: string): number {
  const head = /^[A-Za-z]+/.exec(path)?.[0] ?? '';
  const index = FORM_ORDER.indexOf(head);
  return index === -1 ? FORM_ORDER.length : index;
}

/**
 * Issues in form order, one "must not be empty" per field instead of that plus the pattern it also fails
 * (an empty id is not worth two messages).
 */
export function tidyIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const empty = new Set(issues.filter((i) => i.message === 'must not be empty').map((i) => i.path));
  return issues
    .filter((i) => !empty.has(i.path) || i.message === 'must not be empty')
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue.path) - rank(b.issue.path) || a.index - b.index)
    .map(({ issue }) => issue);
}
