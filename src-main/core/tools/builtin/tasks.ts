// One tool with an `action` enum: the four operations share two small fields, and one entry keeps the tool
// list (and the prompt) short. Which fields an action needs is checked after generation, with a clear message.
import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import type { Task, TaskStore } from '../taskStore';
import { defineTool, ToolError } from '../toolTypes';

const Input = z
  .object({
    action: z.enum(['add', 'list', 'complete', 'delete']),
    title: z.string().trim().min(1).max(500).optional().describe('For add: what needs doing.'),
    dueDate: z.iso.date().optional().describe('For add, optional: due date as YYYY-MM-DD.'),
    id: z.number().int().min(1).optional().describe('For complete and delete: the task id from list.'),
    includeDone: z.boolean().optional().describe('For list: also show completed tasks.'),
  })
  .superRefine((input, ctx) => {
    if (input.action === 'add' && input.title === undefined) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'add needs a title' });
    }
    if ((input.action === 'complete' || input.action === 'delete') && input.id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `${input.action} needs the task id` });
    }
  });

interface TaskView {
  id: number;
  title: string;
  dueDate: string | null;
  done: boolean;
}

function view(task: Task): TaskView {
  return { id: task.id, title: task.title, dueDate: task.dueDate, done: task.doneAt !== null };
}

export type TasksOutput = { task: TaskView } | { tasks: TaskView[] } | { deleted: number };

export function createTasksTool(tasks: TaskStore) {
  return defineTool<z.infer<typeof Input>, TasksOutput>({
    name: 'tasks',
    title: 'Todo list',
    description: 'Manage the todo list: add (title, optional dueDate), list, complete (id) or delete (id) a task.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'allow',
    sideEffects: 'writes-data',
    timeoutMs: 5_000,
    async run(input, ctx) {
      const agent = ctx.agentId;
      switch (input.action) {
        case 'add':
          return { task: view(tasks.add(agent, input.title ?? '', input.dueDate ?? null)) };
        case 'list':
          return { tasks: tasks.list(agent, { includeDone: input.includeDone ?? false }).map(view) };
        case 'complete': {
          const task = tasks.complete(agent, input.id ?? 0);
          if (!task) throw new ToolError('not_found', `There is no task ${input.id}; call tasks with action "list".`);
          return { task: view(task) };
        }
        case 'delete':
          if (!tasks.delete(agent, input.id ?? 0)) {
            throw new ToolError('not_found', `There is no task ${input.id}; call tasks with action "list".`);
          }
          return { deleted: input.id ?? 0 };
      }
    },
  });
}
