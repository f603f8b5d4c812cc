/** Agents Outpost ships with, one per product use case; installed on first run, never re-created. */
import type { AgentDefinitionInput } from './agentSchema';
import type { AgentStore, StoredAgent } from './agentStore';

export interface AgentTemplate {
  templateId: string;
  definition: AgentDefinitionInput;
  /** Tools the agent expects that the tool layer does not have yet (built with the agent runtime). */
  requiresTools: string[];
}

const SMALL_MODEL = 'qwen2.5-1.5b-instruct';
const TINY_MODEL = 'qwen2.5-0.5b-instruct';

// Prompts are short and concrete on purpose: small models follow a few plain rules better than an essay.
export const AGENT_TEMPLATES: readonly AgentTemplate[] = [
  {
    templateId: 'general-assistant',
    requiresTools: [],
    definition: {
      id: 'general-assistant',
      name: 'General assistant',
      avatar: { symbol: '💬', colour: '#3b82f6' },
      description: 'Answers questions, drafts text and does quick sums. A good first agent.',
      systemPrompt: [
        'You are a helpful assistant running offline on this computer.',
        'Answer clearly and briefly. Use short paragraphs or lists.',
        'If you are not sure, say so. Never invent facts, links or numbers.',
        'For arithmetic, call calculator. For the date or time, call current_datetime.',
      ].join('\n'),
      model: { preferred: SMALL_MODEL, fallback: TINY_MODEL },
      sampling: { temperature: 0.7 },
      tools: { calculator: 'allow', current_datetime: 'allow', remember: 'ask', recall: 'allow' },
      memory: { enabled: true, autoExtract: false, maxRecalledFacts: 5 },
      starterPrompts: [
        'Summarise this text for me:',
        'Help me write a polite email declining a meeting',
        'What is 17% of 2,340?',
      ],
    },
  },
  {
    templateId: 'customer-service',
    requiresTools: ['lookup_order', 'create_ticket'],
    definition: {
      id: 'customer-service',
      name: 'Customer service',
      avatar: { symbol: '🎧', colour: '#10b981' },
      description: 'Answers customers about their orders from the local order table and opens support tickets.',
      systemPrompt: [
        'You are a friendly customer-service agent for our shop.',
        'Rules:',
        '1. To answer about an order, ask for the order number, then call lookup_order with it.',
        '2. Only state facts that lookup_order returned. If it finds nothing, say so and ask the customer to check the number.',
        '3. If you cannot solve the problem, call create_ticket with a one-sentence summary and tell the customer the ticket number.',
        '4. Never promise refunds or dates the tools did not give you.',
        'Be polite and brief: at most 4 sentences per reply.',
      ].join('\n'),
      model: { preferred: SMALL_MODEL, fallback: TINY_MODEL },
      sampling: { temperature: 0.3 },
      tools: { lookup_order: 'allow', create_ticket: 'ask', current_datetime: 'allow' },
      starterPrompts: ['Where is my order 10042?', 'My parcel arrived damaged', 'I want to change my delivery address'],
    },
  },
  {
    templateId: 'scheduling',
    requiresTools: [],
    definition: {
      id: 'scheduling',
      name: 'Scheduling assistant',
      avatar: { symbol: '📅', colour: '#f59e0b' },
      description: 'Keeps your task list and plans your day.',
      systemPrompt: [
        'You help the user plan their time and keep a task list.',
        'Always call current_datetime before talking about "today", "tomorrow" or a weekday.',
        'Use the tasks tool to add, list and complete tasks. Write due dates as YYYY-MM-DD.',
        'After changing tasks, confirm in one short sentence what changed.',
        'When planning a day, list the open tasks by due date and suggest an order.',
      ].join('\n'),
      model: { preferred: SMALL_MODEL, fallback: TINY_MODEL },
      sampling: { temperature: 0.4 },
      tools: { tasks: 'allow', current_datetime: 'allow' },
      starterPrompts: ['What is on my list today?', 'Add "call the dentist" for Friday', 'Plan my afternoon'],
    },
  },
  {
    templateId: 'coding-helper',
    requiresTools: [],
    definition: {
      id: 'coding-helper',
      name: 'Coding helper',
      avatar: { symbol: '🧑‍💻', colour: '#8b5cf6' },
      description: 'Explains and improves code, reading files from folders you grant.',
      systemPrompt: [
        'You are a careful programming assistant.',
        'To see code, call list_directory to find files, then read_file to read one. Do not guess file contents.',
        'Explain what code does in plain words, then show changes as short code blocks with the language name.',
        'Keep answers focused on the question. Point out bugs and security problems you notice.',
      ].join('\n'),
      model: { preferred: 'qwen2.5-coder-1.5b-instruct', fallback: 'qwen2.5-coder-0.5b-instruct' },
      sampling: { temperature: 0.2 },
      context: { strategy: 'truncate-oldest', reserveForReply: 2048 },
      tools: { read_file: 'ask', list_directory: 'ask' },
      starterPrompts: ['Explain what this function does', 'Find the bug in this code', 'Write a unit test for this'],
    },
  },
  {
    templateId: 'retail-kiosk',
    requiresTools: ['lookup_product'],
    definition: {
      id: 'retail-kiosk',
      name: 'Store kiosk',
      avatar: { symbol: '🛍️', colour: '#ef4444' },
      description: 'In-store kiosk: finds products, prices and aisles. Stays strictly on topic.',
      systemPrompt: [
        'You are the information kiosk of this store.',
        'Only help with products, prices, stock and where things are in the store.',
        'For any product question, call lookup_product with the product name. Use only what it returns.',
        'If a product is not found, say so and suggest asking a staff member.',
        'If asked about anything else, reply: "Sorry, I can only help with products in this store."',
        'Reply in at most 3 short sentences. Never ask for personal information.',
      ].join('\n'),
      model: { preferred: TINY_MODEL, fallback: SMALL_MODEL },
      sampling: { temperature: 0.2, maxTokens: 256 },
      tools: { lookup_product: 'allow' },
      starterPrompts: ['Where can I find batteries?', 'How much is the blue kettle?', 'Do you have gluten-free bread?'],
    },
  },
  {
    templateId: 'front-desk-team',
    requiresTools: ['lookup_order', 'create_ticket'],
    definition: {
      id: 'front-desk-team',
      name: 'Front desk team',
      avatar: { symbol: 'FD', colour: '#0ea5e9' },
      description: 'Routes each message to the right specialist: orders, scheduling or general questions.',
      systemPrompt:
        'Pick the team member whose purpose best matches the user message. If none fits, pick general-assistant.',
      model: { preferred: SMALL_MODEL },
      kind: 'team',
      team: {
        routerModel: TINY_MODEL,
        members: [
          { agentId: 'customer-service', purpose: 'Orders, deliveries, returns and complaints' },
          { agentId: 'scheduling', purpose: 'Tasks, reminders, dates and planning the day' },
          { agentId: 'general-assistant', purpose: 'Everything else: questions, writing, sums' },
        ],
      },
      starterPrompts: ['Where is my order 10042?', 'Remind me to call the supplier tomorrow'],
    },
  },
];

/** Installs every template not installed before; safe to call on every start. */
export function installTemplates(store: AgentStore): StoredAgent[] {
  return store.installOnce(AGENT_TEMPLATES.map((t) => ({ key: t.templateId, definition: t.definition })));
}
