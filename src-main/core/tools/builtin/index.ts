import type { Database } from 'better-sqlite3';
import { FactStore } from '../../memory/factStore';
import { GrantedFolders } from '../grantedFolders';
import { NoteStore } from '../noteStore';
import { TaskStore } from '../taskStore';
import { ToolRegistry } from '../toolRegistry';
import { calculatorTool } from './calculator';
import { currentDatetimeTool } from './currentDatetime';
import { createCreateTicketTool } from './createTicket';
import { createListDirectoryTool } from './listDirectory';
import { createLookupOrderTool } from './lookupOrder';
import { createLookupProductTool } from './lookupProduct';
import { createRecallTool, createRememberTool } from './memory';
import { createNotesCreateTool, createNotesSearchTool } from './notes';
import { createReadFileTool } from './readFile';
import { ShopData } from './shopData';
import { createTasksTool } from './tasks';

export interface ToolStores {
  grants: GrantedFolders;
  notes: NoteStore;
  tasks: TaskStore;
  facts: FactStore;
  shop: ShopData;
}

export function createToolStores(db: Database, now: () => number): ToolStores {
  return {
    grants: new GrantedFolders(db, now),
    notes: new NoteStore(db, now),
    tasks: new TaskStore(db, now),
    facts: new FactStore(db, now),
    shop: new ShopData(db, now),
  };
}

/** A registry holding every built-in offline tool. */
export function createBuiltinRegistry(stores: ToolStores): ToolRegistry {
  const registry = new ToolRegistry();
  registry.register(currentDatetimeTool);
  registry.register(calculatorTool);
  registry.register(createNotesCreateTool(stores.notes));
  registry.register(createNotesSearchTool(stores.notes));
  registry.register(createTasksTool(stores.tasks));
  registry.register(createReadFileTool(stores.grants));
  registry.register(createListDirectoryTool(stores.grants));
  registry.register(createRememberTool(stores.facts));
  registry.register(createRecallTool(stores.facts));
  registry.register(createLookupOrderTool(stores.shop));
  registry.register(createLookupProductTool(stores.shop));
  registry.register(createCreateTicketTool(stores.shop));
  return registry;
}
