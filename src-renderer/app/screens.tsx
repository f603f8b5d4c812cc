import type { ComponentType } from 'react';
import {
  AgentIcon,
  CatalogIcon,
  ChatIcon,
  DashboardIcon,
  ModelIcon,
  SettingsIcon,
  type Icon,
} from '../components/icons';
import { AgentsScreen } from '../features/agents/AgentsScreen';
import { CatalogScreen } from '../features/catalog/CatalogScreen';
import { ChatScreen } from '../features/chat/ChatScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { MemoryIcon } from '../features/memory/MemoryIcon';
import { MemoryScreen } from '../features/memory/MemoryScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { ModelsScreen } from '../features/models/ModelsScreen';
import type { ScreenId } from '../lib/hashRoute';

export interface ScreenEntry {
  label: string;
  icon: Icon;
  component: ComponentType;
}

/** Every screen the sidebar offers; the Record type makes a missing screen a compile error. */
export const SCREENS: Record<ScreenId, ScreenEntry> = {
  chat: { label: 'Chat', icon: ChatIcon, component: ChatScreen },
  agents: { label: 'Agents', icon: AgentIcon, component: AgentsScreen },
  memory: { label: 'Memory', icon: MemoryIcon, component: MemoryScreen },
  models: { label: 'Models', icon: ModelIcon, component: ModelsScreen },
  catalog: { label: 'Catalog', icon: CatalogIcon, component: CatalogScreen },
  dashboard: { label: 'Dashboard', icon: DashboardIcon, component: DashboardScreen },
  settings: { label: 'Settings', icon: SettingsIcon, component: SettingsScreen },
};
