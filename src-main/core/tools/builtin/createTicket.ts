import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool } from '../toolTypes';
import type { ShopData, Ticket } from './shopData';

const Input = z.object({
  summary: z.string().trim().min(5).max(500).describe('One sentence: what the customer needs.'),
  orderNumber: z
    .string()
    .trim()
    .regex(/^\d{3,12}$/, 'an order number is 3 to 12 digits')
    .optional()
    .describe('The order it is about, if any.'),
});

export function createCreateTicketTool(shop: ShopData) {
  return defineTool<z.infer<typeof Input>, { ticket: Ticket }>({
    name: 'create_ticket',
    title: 'Open a support ticket',
    description: 'Open a support ticket for a problem you cannot solve; returns the ticket number.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'ask',
    sideEffects: 'writes-data',
    timeoutMs: 5_000,
    async run(input, ctx) {
      const ticket = shop.createTicket({
        agentId: ctx.agentId,
        conversationId: ctx.conversationId,
        summary: input.summary,
        orderNumber: input.orderNumber ?? null,
      });
      return { ticket };
    },
  });
}
