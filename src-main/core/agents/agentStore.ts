/** Agent definitions in SQLite, versioned: every update files the previous definition in agent_versions. */
import { OutpostError } from '@contract';
import { tryParseJson } from '../lib/jsonText';
import type { Clock } from '../ports';
import { AgentDefinition, describeIssues, type AgentDefinitionInput } from './agentSchema';
import { readQuery, writeTransaction, type StorageTarget } from '../storage/transactions';
import { deleteAgentData } from './agentData';
import { copyName, remapTeamMembers, uniqueAgentId } from './agentIds';

export interface StoredAgent {
  definition: AgentDefinition;
  /** Starts at 1, grows by one on every update or restore. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface AgentVersion {
  version: number;
  savedAt: number;
  current: boolean;
  definition: AgentDefinition;
}

interface AgentRow {
  id: string;
  definition_json: string;
  version: number;
  created_at: number;
  updated_at: number;
}

export class AgentStore {
  private readonly target: StorageTarget;

  constructor(
    db: StorageTarget['db'],
    dbFile: string,
    private readonly clock: Clock,
  ) {
    this.target = { db, dbFile };
  }

  create(input: AgentDefinitionInput): StoredAgent {
    const definition = validate(input);
    return writeTransaction(this.target, 'save the agent', () => {
      if (this.row(definition.id)) {
        throw new OutpostError('conflict', `An agent with id "${definition.id}" already exists`, {
          agentId: definition.id,
        });
      }
      return this.insert(definition);
    });
  }

  find(id: string): StoredAgent | null {
    const row = readQuery(this.target, 'read the agent', () => this.row(id));
    return row ? toStored(row) : null;
  }

  get(id: string): StoredAgent {
    const agent = this.find(id);
    if (!agent) throw new OutpostError('not_found', `No agent with id "${id}"`, { agentId: id });
    return agent;
  }

  /** Sorted by name, so the list is stable as agents are edited. */
  list(): StoredAgent[] {
    const rows = readQuery(
      this.target,
      'list agents',
      () => this.target.db.prepare('SELECT * FROM agents').all() as AgentRow[],
    );
    return rows.map(toStored).sort((a, b) => a.definition.name.localeCompare(b.definition.name));
  }

  ids(): Set<string> {
    const rows = readQuery(
      this.target,
      'list agents',
      () => this.target.db.prepare('SELECT id FROM agents').all() as { id: string }[],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Replaces the definition (shallow merge of `patch`); the id never changes. */
  update(id: string, patch: Partial<AgentDefinitionInput>): StoredAgent {
    return writeTransaction(this.target, 'update the agent', () => {
      const current = this.get(id);
      if (patch.id !== undefined && patch.id !== id) {
        throw new OutpostError('bad_request', 'An agent id cannot be changed; duplicate the agent instead', {
          agentId: id,
        });
      }
      return this.replace(current, validate({ ...current.definition, ...patch, id }));
    });
  }

  /** Newest first, the current definition included (flagged `current`). */
  history(id: string): AgentVersion[] {
    const current = this.get(id);
    const rows = readQuery(
      this.target,
      'read the agent history',
      () =>
        this.target.db
          .prepare(
            'SELECT version, definition_json, saved_at FROM agent_versions WHERE agent_id = ? ORDER BY version DESC',
          )
          .all(id) as { version: number; definition_json: string; saved_at: number }[],
    );
    return [
      { version: current.version, savedAt: current.updatedAt, current: true, definition: current.definition },
      ...rows.map((r) => ({
        version: r.version,
        savedAt: r.saved_at,
        current: false,
        definition: parseStored(r.definition_json, id),
      })),
    ];
  }

  /** Makes an old version current again; itself an update, so the restore can be undone the same way. */
  restore(id: string, version: number): StoredAgent {
    return writeTransaction(this.target, 'restore the agent', () => {
      const current = this.get(id);
      if (version === current.version) return current;
      const row = this.target.db
        .prepare('SELECT definition_json FROM agent_versions WHERE agent_id = ? AND version = ?')
        .get(id, version) as { definition_json: string } | undefined;
      if (!row)
        throw new OutpostError('not_found', `Agent "${id}" has no version ${version}`, { agentId: id, version });
      return this.replace(current, { ...parseStored(row.definition_json, id), id });
    });
  }

  duplicate(id: string): StoredAgent {
    return writeTransaction(this.target, 'duplicate the agent', () => {
      const source = this.get(id).definition;
      const newId = uniqueAgentId(`${source.id}-copy`, this.ids());
      return this.insert(validate({ ...source, id: newId, name: copyName(source.name) }));
    });
  }

  /** Deletes the agent, its history, conversations, notes, tasks and facts (the UI has asked the user to confirm). */
  delete(id: string): { deletedConversations: number } {
    return writeTransaction(this.target, 'delete the agent', () => {
      this.get(id);
      const { conversations } = deleteAgentData(this.target.db, id);
      this.target.db.prepare('DELETE FROM agents WHERE id = ?').run(id);
      return { deletedConversations: conversations };
    });
  }

  /**
   * Creates all definitions or none. Ids already taken get a numbered suffix, and team members that
   * pointed at a renamed agent of the same batch follow it.
   */
  createMany(inputs: readonly AgentDefinitionInput[]): StoredAgent[] {
    const definitions = inputs.map((input) => validate(input));
    return writeTransaction(this.target, 'import agents', () => {
      const taken = this.ids();
      const renamed = new Map<string, string>();
      for (const definition of definitions) {
        const id = uniqueAgentId(definition.id, taken);
        taken.add(id);
        renamed.set(definition.id, id);
      }
      return definitions.map((definition) =>
        this.insert(
          validate(remapTeamMembers({ ...definition, id: renamed.get(definition.id) ?? definition.id }, renamed)),
        ),
      );
    });
  }

  /**
   * Creates each entry whose key was never installed before and records the key, so an entry the user
   * deleted stays deleted and entries added in a later release still arrive. Idempotent.
   */
  installOnce(entries: readonly { key: string; definition: AgentDefinitionInput }[]): StoredAgent[] {
    return writeTransaction(this.target, 'install agent templates', () => {
      const db = this.target.db;
      const done = new Set(
        (db.prepare('SELECT template_id FROM agent_template_installs').all() as { template_id: string }[]).map(
          (r) => r.template_id,
        ),
      );
      const fresh = entries.filter((entry) => !done.has(entry.key));
      if (fresh.length === 0) return [];
      const created = this.createMany(fresh.map((entry) => entry.definition));
      const record = db.prepare(
        'INSERT INTO agent_template_installs (template_id, agent_id, installed_at) VALUES (?, ?, ?)',
      );
      fresh.forEach((entry, index) => record.run(entry.key, created[index]!.definition.id, this.clock.now()));
      return created;
    });
  }

  private row(id: string): AgentRow | undefined {
    return this.target.db.prepare('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
  }

  private insert(definition: AgentDefinition): StoredAgent {
    const now = this.clock.now();
    this.target.db
      .prepare('INSERT INTO agents (id, definition_json, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)')
      .run(definition.id, JSON.stringify(definition), now, now);
    return { definition, version: 1, createdAt: now, updatedAt: now };
  }

  private replace(current: StoredAgent, next: AgentDefinition): StoredAgent {
    const now = this.clock.now();
    const { id } = current.definition;
    this.target.db
      .prepare('INSERT INTO agent_versions (agent_id, version, definition_json, saved_at) VALUES (?, ?, ?, ?)')
      .run(id, current.version, JSON.stringify(current.definition), current.updatedAt);
    const version = current.version + 1;
    this.target.db
      .prepare('UPDATE agents SET definition_json = ?, version = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(next), version, now, id);
    return { definition: next, version, createdAt: current.createdAt, updatedAt: now };
  }
}

function validate(input: unknown): AgentDefinition {
  const parsed = AgentDefinition.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new OutpostError('bad_request', `Invalid agent definition: ${summary}`, { issues });
}

function parseStored(json: string, id: string): AgentDefinition {
  const parsed = AgentDefinition.safeParse(tryParseJson(json));
  if (parsed.success) return parsed.data;
  throw new OutpostError('storage_error', `The stored definition of agent "${id}" is unreadable`, {
    agentId: id,
    issues: describeIssues(parsed.error),
  });
}

function toStored(row: AgentRow): StoredAgent {
  return {
    definition: parseStored(row.definition_json, row.id),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
