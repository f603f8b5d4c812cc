/** The shop's local tables (migration 7): orders, products and support tickets, read and written by the shop tools. */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn } from '../../storage/jsonColumn';

const OrderItemSchema = z.object({ sku: z.string(), name: z.string(), quantity: z.number() });
export type OrderItem = z.infer<typeof OrderItemSchema>;

export interface Order {
  orderNumber: string;
  customerName: string;
  status: string;
  placedOn: string;
  expectedDelivery: string | null;
  carrier: string | null;
  trackingCode: string | null;
  items: OrderItem[];
  total: string;
}

export interface Product {
  sku: string;
  name: string;
  description: string;
  price: string;
  inStock: number;
  aisle: string;
}

export interface Ticket {
  ticketNumber: number;
  orderNumber: string | null;
  summary: string;
  status: string;
  createdAt: number;
}

interface OrderRow {
  order_number: string;
  customer_name: string;
  status: string;
  placed_on: string;
  expected_delivery: string | null;
  carrier: string | null;
  tracking_code: string | null;
  items_json: string;
  total_cents: number;
  currency: string;
}

interface ProductRow {
  sku: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  stock: number;
  aisle: string;
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

export class ShopData {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  order(orderNumber: string): Order | null {
    const row = this.db.prepare('SELECT * FROM shop_orders WHERE order_number = ?').get(orderNumber) as
      OrderRow | undefined;
    if (!row) return null;
    return {
      orderNumber: row.order_number,
      customerName: row.customer_name,
      status: row.status,
      placedOn: row.placed_on,
      expectedDelivery: row.expected_delivery,
      carrier: row.carrier,
      trackingCode: row.tracking_code,
      items: parseItems(row.items_json),
      total: money(row.total_cents, row.currency),
    };
  }

  /** Products whose name, description or SKU contain every word of the query (case-insensitive). */
  findProducts(query: string, limit: number): Product[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    if (words.length === 0) return [];
    const where = words.map(() => `(lower(name) || ' ' || lower(description) || ' ' || lower(sku)) LIKE ? ESCAPE '\\'`);
    const rows = this.db
      .prepare(`SELECT * FROM shop_products WHERE ${where.join(' AND ')} ORDER BY name LIMIT ?`)
      .all(...words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), limit) as ProductRow[];
    return rows.map((row) => ({
      sku: row.sku,
      name: row.name,
      description: row.description,
      price: money(row.price_cents, row.currency),
      inStock: row.stock,
      aisle: row.aisle,
    }));
  }

  createTicket(input: { agentId: string; conversationId: string | null; summary: string; orderNumber: string | null }) {
    const createdAt = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO support_tickets (order_number, summary, status, agent_id, conversation_id, created_at)
         VALUES (?, ?, 'open', ?, ?, ?)`,
      )
      .run(input.orderNumber, input.summary, input.agentId, input.conversationId, createdAt);
    const ticket: Ticket = {
      ticketNumber: Number(info.lastInsertRowid),
      orderNumber: input.orderNumber,
      summary: input.summary,
      status: 'open',
      createdAt,
    };
    return ticket;
  }
}

/** Our own column; a damaged value reads as no items rather than failing the lookup. */
function parseItems(json: string): OrderItem[] {
  return parseJsonColumn(json, z.array(OrderItemSchema), []);
}
