// Two tools rather than one with an `action` field: each has only required, always-meaningful fields, so the
// grammar alone keeps a small model from sending a "create" without a body or a "search" without a query.
import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import type { Note, NoteStore } from '../noteStore';
import { defineTool } from '../toolTypes';

const CreateInput = z.object({
  title: z.string().trim().min(1).max(200).describe('Short title.'),
  body: z.string().max(20_000).describe('The note text.'),
});

const SearchInput = z.object({
  query: z.string().max(500).describe('Words to look for; an empty string lists the most recent notes.'),
  limit: z.number().int().min(1).max(50).optional().describe('Most notes to return (default 10).'),
});

type NoteView = Pick<Note, 'id' | 'title' | 'body'> & { updated: string };

function view(note: Note): NoteView {
  return { id: note.id, title: note.title, body: note.body, updated: new Date(note.updatedAt).toISOString() };
}

export function createNotesCreateTool(notes: NoteStore) {
  return defineTool<z.infer<typeof CreateInput>, { saved: NoteView }>({
    name: 'notes_create',
    title: 'Save a note',
    description: 'Save a note (title and text) that can be found later with notes_search.',
    inputSchema: CreateInput,
    jsonSchema: toModelJsonSchema(CreateInput),
    defaultPermission: 'allow',
    sideEffects: 'writes-data',
    timeoutMs: 5_000,
    async run(input, ctx) {
      return { saved: view(notes.create(ctx.agentId, input.title, input.body)) };
    },
  });
}

export function createNotesSearchTool(notes: NoteStore) {
  return defineTool<z.infer<typeof SearchInput>, { notes: NoteView[] }>({
    name: 'notes_search',
    title: 'Search notes',
    description: 'Find saved notes by keywords in their title or text. Empty query: the most recent notes.',
    inputSchema: SearchInput,
    jsonSchema: toModelJsonSchema(SearchInput),
    defaultPermission: 'allow',
    sideEffects: 'none',
    timeoutMs: 5_000,
    async run(input, ctx) {
      return { notes: notes.search(ctx.agentId, input.query, input.limit ?? 10).map(view) };
    },
  });
}
