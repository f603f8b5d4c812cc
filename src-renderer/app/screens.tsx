import { lazy, type ComponentType } from 'react';
import {
  AgentIcon,
  CatalogIcon,
  ChatIcon,
  DashboardIcon,
  ModelIcon,
  SettingsIcon,
  type Icon,
} from '../components/icons';
import { JobsIcon } from '../features/jobs/JobsIcon';
import { KnowledgeIcon } from '../features/knowledge/KnowledgeIcon';
import { MemoryIcon } from '../features/memory/MemoryIcon';
import type { ScreenId } from '../lib/hashRoute';

export interface ScreenEntry {
  label: string;
  icon: Icon;
  component: ComponentType;
}

// Each screen is its own chunk, so the shell paints before every screen's code is parsed.
const LOADERS: Record<ScreenId, () => Promise<ComponentType>> = {
  chat: () => import('../features/chat/ChatScreen').then((m) => m.ChatScreen),
  agents: () => import('../features/agents/AgentsScreen').then((m) => m.AgentsScreen),
  jobs: () => import('../features/jobs/JobsScreen').then((m) => m.JobsScreen),
  memory: () => import('../features/memory/MemoryScreen').then((m) => m.MemoryScreen),
  knowledge: () => import('../features/knowledge/KnowledgeScreen').then((m) => m.KnowledgeScreen),
  models: () => import('../features/models/ModelsScreen').then((m) => m.ModelsScreen),
  catalog: () => import('../features/catalog/CatalogScreen').then((m) => m.CatalogScreen),
  dashboard: () => import('../features/dashboard/DashboardScreen').then((m) => m.DashboardScreen),
  settings: () => import('../features/settings/SettingsScreen').then((m) => m.SettingsScreen),
};

const screen = (id: ScreenId) => lazy(() => LOADERS[id]().then((component) => ({ default: component })));

/** Every screen the sidebar offers; the Record type makes a missing screen a compile error. */
export const SCREENS: Record<ScreenId, ScreenEntry> = {
  chat: { label: 'Chat', icon: ChatIcon, component: screen('chat') },
  agents: { label: 'Agents', icon: AgentIcon, component: screen('agents') },
  jobs: { label: 'Jobs', icon: JobsIcon, component: screen('jobs') },
  memory: { label: 'Memory', icon: MemoryIcon, component: screen('memory') },
  knowledge: { label: 'Knowledge', icon: KnowledgeIcon, component: screen('knowledge') },
  models: { label: 'Models', icon: ModelIcon, component: screen('models') },
  catalog: { label: 'Catalog', icon: CatalogIcon, component: screen('catalog') },
  dashboard: { label: 'Dashboard', icon: DashboardIcon, component: screen('dashboard') },
  settings: { label: 'Settings', icon: SettingsIcon, component: screen('settings') },
};

/** Starts loading one screen's chunk (the first screen, before React renders it). */
export function prefetchScreen(id: ScreenId): void {
  void LOADERS[id]();
}

/** Loads the other screens' chunks once the first one is up, so switching screens never waits. */
export function prefetchScreens(): void {
  for (const load of Object.values(LOADERS)) void load();
}
