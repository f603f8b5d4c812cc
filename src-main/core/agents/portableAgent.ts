/** The portable agent file: one JSON or YAML document with the definition and what it needs to run. */
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import { z } from 'zod';
import { OutpostError } from '@contract';
import {
  AgentDefinition,
  AgentRequirements,
  describeIssues,
  type PortableFormat,
  type ValidationIssue,
} from './agentSchema';

type Yaml = typeof YamlModule;
let yaml: Yaml | undefined;
// Loaded on first import/export: parsing the YAML library is ~40 ms of start-up most sessions never need.
const loadYaml = (): Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as Yaml);

export { AgentRequirements, type PortableFormat } from './agentSchema';
import type { AgentStore, StoredAgent } from './agentStore';

export const PORTABLE_FORMAT_VERSION = 1;
export const MAX_PORTABLE_BYTES = 256 * 1024;
/** Enough for legitimate reuse of anchors, far too few for an alias-expansion bomb. */
const MAX_YAML_ALIASES = 50;

export const PortableAgentFile = z.strictObject({
  outpostAgent: z.literal(PORTABLE_FORMAT_VERSION, {
    error: `must be ${PORTABLE_FORMAT_VERSION} (this is not an Outpost agent file, or it is from a newer version)`,
  }),
  agent: AgentDefinition,
  requirements: AgentRequirements,
});
export type PortableAgentFile = z.output<typeof PortableAgentFile>;

/** Requirements derived from the definition: used when exporting. */
export function requirementsOf(agent: AgentDefinition): AgentRequirements {
  const toolCalling = Object.values(agent.tools).some((permission) => permission !== 'deny');
  // ~3 characters per token for the prompt, the reply reserve, then room for a few turns.
  const needed = Math.ceil(agent.systemPrompt.length / 3) + agent.context.reserveForReply + 1024;
  let minContext = 2048;
  while (minContext < needed) minContext *= 2;
  const suggestedModels = [agent.model.preferred, ...(agent.model.fallback ? [agent.model.fallback] : [])];
  return { minContext, toolCalling, suggestedModels };
}

export function exportAgent(agent: AgentDefinition, format: PortableFormat): string {
  const file: PortableAgentFile = { outpostAgent: PORTABLE_FORMAT_VERSION, agent, requirements: requirementsOf(agent) };
  return format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : loadYaml().stringify(file, { lineWidth: 0 });
}

function importError(message: string, issues: ValidationIssue[]): OutpostError {
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new OutpostError('bad_request', `${message}: ${summary}`, { issues });
}

function parseYaml(text: string): unknown {
  // Core schema: no custom or language-specific tags; unknown tags come back as warnings, treated as errors.
  const doc = loadYaml().parseDocument(text, {
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    prettyErrors: false,
    merge: false,
  });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw importError(
      'The file is not valid YAML',
      problems.map((p) => ({ path: '', message: `line ${p.linePos?.[0]?.line ?? '?'}: ${p.message.split('\n')[0]}` })),
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw importError('The file is not valid YAML', [{ path: '', message: (error as Error).message }]);
  }
}

function parseText(text: string, format: PortableFormat): unknown {
  if (format === 'yaml') return parseYaml(text);
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (error) {
    throw importError('The file is not valid JSON', [{ path: '', message: (error as Error).message }]);
  }
}

/** JSON when the document starts with `{`, else YAML; an explicit format wins. */
export function detectFormat(text: string): PortableFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * Validates a portable file without touching storage. Every problem is reported with its path
 * (e.g. `agent.tools.read_file: must be one of allow, ask, deny`); unknown fields are errors.
 */
export function parsePortableAgent(source: string | Uint8Array, format?: PortableFormat): PortableAgentFile {
  const bytes = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.byteLength;
  if (bytes > MAX_PORTABLE_BYTES) {
    throw new OutpostError(
      'payload_too_large',
      `The agent file is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_PORTABLE_BYTES / 1024} KB`,
      { bytes, limit: MAX_PORTABLE_BYTES },
    );
  }
  const text = typeof source === 'string' ? source : new TextDecoder('utf-8', { fatal: false }).decode(source);
  const data = parseText(text.replace(/^\uFEFF/, ''), format ?? detectFormat(text));
  const parsed = PortableAgentFile.safeParse(data);
  if (!parsed.success) throw importError('The agent file is invalid', describeIssues(parsed.error));
  return parsed.data;
}

export interface ImportedAgent {
  agent: StoredAgent;
  /** Set when the file's id was taken and the agent was saved under a new one. */
  renamedFrom: string | null;
  requirements: AgentRequirements;
}

/** Parses every file first, then saves all in one transaction: one bad file imports nothing. */
export function importPortableAgents(
  store: AgentStore,
  sources: readonly { name: string; content: string | Uint8Array }[],
): ImportedAgent[] {
  // Every file is checked so the user sees all problems at once; any problem imports nothing.
  const problems: { file: string; message: string; details: Record<string, unknown> }[] = [];
  const files = sources.map((source) => {
    try {
      return parsePortableAgent(source.content);
    } catch (error) {
      if (!(error instanceof OutpostError)) throw error;
      problems.push({ file: source.name, message: `${source.name}: ${error.message}`, details: detailsOf(error) });
      return null;
    }
  });
  const [first] = problems;
  if (first) {
    throw new OutpostError('bad_request', problems.map((p) => p.message).join('\n'), {
      file: first.file,
      ...first.details,
      files: problems.map((p) => ({ file: p.file, ...p.details })),
    });
  }
  const parsed = files.filter((file): file is PortableAgentFile => file !== null);
  const saved = store.createMany(parsed.map((file) => file.agent));
  return saved.map((agent, index) => {
    const file = parsed[index]!;
    return {
      agent,
      renamedFrom: agent.definition.id === file.agent.id ? null : file.agent.id,
      requirements: file.requirements,
    };
  });
}

function detailsOf(error: OutpostError): Record<string, unknown> {
  return typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
}
