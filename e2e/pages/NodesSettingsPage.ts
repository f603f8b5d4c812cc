import { expect, type Locator } from '@playwright/test';
import type { AppShell } from './AppShell';
import { SettingsSectionPage } from './SettingsSectionPage';

// Adding a node discovers its models with real probe requests: slow on a loaded 2-core box.
const NODE_WORK_TIMEOUT = 120_000;

/** Settings → Nodes: add a node (URL + key), test its connection, check health, read a node's row. */
export class NodesSettingsPage extends SettingsSectionPage {
  constructor(app: AppShell) {
    super(app, 'nodes-section');
  }

  /** A node's row; its id is the name made into a slug ("GPU box" → "gpu-box"). */
  row(nodeId: string): Locator {
    return this.section.getByTestId(`node-${nodeId}`);
  }

  health(nodeId: string): Locator {
    return this.row(nodeId).getByTestId('node-health');
  }

  /** Adds the node and waits until its discovered models are listed (add runs discovery). */
  async add(node: { name: string; baseUrl: string; apiKey: string; nodeId: string }): Promise<void> {
    const form = this.section.getByTestId('node-add-form');
    await form.getByLabel('Node name').fill(node.name);
    await form.getByLabel('Base URL').fill(node.baseUrl);
    await form.getByLabel('API key').fill(node.apiKey);
    await form.getByTestId('node-add').click();
    await expect(this.row(node.nodeId).getByTestId('node-models')).toBeVisible({ timeout: NODE_WORK_TIMEOUT });
  }

  /** "Test connection" and the line it shows under the node. */
  async testConnection(nodeId: string): Promise<Locator> {
    await this.row(nodeId).getByTestId('node-test').click();
    const result = this.row(nodeId).getByTestId('node-test-result');
    await expect(result).toBeVisible({ timeout: NODE_WORK_TIMEOUT });
    return result;
  }

  /** "Check now": one health round over every enabled node. */
  async checkNow(): Promise<void> {
    const button = this.section.getByTestId('nodes-check-now');
    await expect(button).toBeEnabled({ timeout: NODE_WORK_TIMEOUT });
    await button.click();
  }
}
