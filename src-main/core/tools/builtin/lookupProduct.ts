import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool } from '../toolTypes';
import type { Product, ShopData } from './shopData';

const Input = z.object({
  query: z.string().trim().min(1).max(200).describe('Product name or words from it, e.g. "blue kettle".'),
  limit: z.number().int().min(1).max(20).optional().describe('Most products to return (default 5).'),
});

export function createLookupProductTool(shop: ShopData) {
  return defineTool<z.infer<typeof Input>, { products: Product[]; note?: string }>({
    name: 'lookup_product',
    title: 'Look up a product',
    description: 'Find products in this store by name: price, stock and aisle.',
    inputSchema: Input,
    jsonSchema: toModelJsonSchema(Input),
    defaultPermission: 'allow',
    sideEffects: 'none',
    timeoutMs: 5_000,
    async run(input) {
      const products = shop.findProducts(input.query, input.limit ?? 5);
      return products.length > 0 ? { products } : { products, note: `No product matches "${input.query}".` };
    },
  });
}
