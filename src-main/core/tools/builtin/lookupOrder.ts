import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool, ToolError } from '../toolTypes';
import type { Order, ShopData } from './shopData';

const Input = z.object({
  orderNumber: z
    .string()
    .trim()
    .regex(/^#?\d{3,12}$/, 'an order number is 3 to 12 digits, e.g. 10042')
    .describe('The order number the customer gave, digits only, e.g. 10042.'),
});

export function createLookupOrderTool(shop: ShopData) {
  return defineTool<z.infer<typeof Input>, { order: Order }>({
    name: 'lookup_order',
    title: 'Look up an order',
    description: 'Find an order by its number: status, items, delivery date and tracking.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'allow',
    sideEffects: 'none',
    timeoutMs: 5_000,
    async run(input) {
      const number = input.orderNumber.replace(/^#/, '');
      const order = shop.order(number);
      // not_found goes back to the model as a plain fact it can tell the customer.
      if (!order) throw new ToolError('not_found', `There is no order with number ${number}.`);
      return { order };
    },
  });
}
