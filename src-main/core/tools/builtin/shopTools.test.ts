import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, toolContext } from '../testing/toolTestKit';
import { createCreateTicketTool } from './createTicket';
import { createBuiltinRegistry, createToolStores } from './index';
import { createLookupOrderTool } from './lookupOrder';
import { createLookupProductTool } from './lookupProduct';
import { ShopData } from './shopData';

let db: Database;
let shop: ShopData;
const ctx = toolContext();
beforeEach(() => {
  db = openTestDatabase();
  shop = new ShopData(db, () => 1_700_000_000_000);
});
afterEach(() => db.close());

describe('shop tools over the local tables', () => {
  it('looks up the seeded order the customer-service template mentions, and refuses unknown numbers', async () => {
    const tool = createLookupOrderTool(shop);
    const { order } = await tool.run(tool.inputSchema.parse({ orderNumber: '#10042' }), ctx);
    expect(order).toMatchObject({ orderNumber: '10042', status: 'shipped', carrier: 'DHL', total: '34.99 EUR' });
    expect(order.items).toEqual([{ sku: 'KET-BLU-1', name: 'Blue electric kettle', quantity: 1 }]);
    await expect(tool.run({ orderNumber: '99999' }, ctx)).rejects.toMatchObject({ code: 'not_found' });
    expect(tool.inputSchema.safeParse({ orderNumber: "10042' OR 1=1" }).success).toBe(false);
  });

  it('finds products by every word, treating LIKE wildcards as text', async () => {
    const tool = createLookupProductTool(shop);
    const found = await tool.run({ query: 'blue KETTLE' }, ctx);
    expect(found.products.map((p) => p.sku)).toEqual(['KET-BLU-1']);
    expect(found.products[0]).toMatchObject({ price: '34.99 EUR', aisle: 'Aisle 7', inStock: 6 });
    expect((await tool.run({ query: '%' }, ctx)).products).toEqual([]);
    const none = await tool.run({ query: 'surfboard' }, ctx);
    expect(none).toEqual({ products: [], note: 'No product matches "surfboard".' });
  });

  it('opens numbered tickets recorded with the agent and conversation', async () => {
    const tool = createCreateTicketTool(shop);
    const first = await tool.run({ summary: 'Parcel arrived damaged', orderNumber: '10042' }, ctx);
    const second = await tool.run({ summary: 'Wants a different address' }, ctx);
    expect(first.ticket.ticketNumber).toBeGreaterThan(5000);
    expect(second.ticket.ticketNumber).toBe(first.ticket.ticketNumber + 1);
    const row = db.prepare('SELECT * FROM support_tickets WHERE id = ?').get(first.ticket.ticketNumber);
    expect(row).toMatchObject({ agent_id: 'agent-a', conversation_id: 'conv-1', order_number: '10042' });
    expect(tool.defaultPermission).toBe('ask');
    expect(tool.inputSchema.safeParse({ summary: 'hi' }).success).toBe(false);
  });

  it('registers the tools the shipped templates require', () => {
    const registry = createBuiltinRegistry(createToolStores(db, Date.now));
    for (const name of ['lookup_order', 'create_ticket', 'lookup_product']) expect(registry.get(name)).toBeDefined();
  });
});
