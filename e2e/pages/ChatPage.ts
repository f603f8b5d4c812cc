import { expect, type Locator, type Page } from '@playwright/test';
import type { AgentDefinitionInput, RouteInput, RouteName, RouteOutput } from '../../src-preload/contract';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wire';
import type { AppShell } from './AppShell';

const TOKEN_KEY = 'outpost.session-token';

/** The Chat screen: agent picker, conversations, search, message list, tool cards, composer. */
export class ChatPage {
  readonly page: Page;

  constructor(private readonly app: AppShell) {
    this.page = app.page;
  }

  async open(): Promise<this> {
    await this.app.goTo('chat');
    return this;
  }

  /**
   * Calls a route over the page's own authenticated WebSocket, as the renderer would: for test setup
   * (creating an agent, tuning load options) that another screen owns.
   */
  async request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
    const result = await this.page.evaluate(
      async ({ route, input, tokenKey, path, prefix }) => {
        const token = sessionStorage.getItem(tokenKey);
        const ws = new WebSocket(`ws://${location.host}${path}`, [prefix + token]);
        return await new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve, reject) => {
          ws.onerror = () => reject(new Error('socket error'));
          ws.onopen = () => ws.send(JSON.stringify({ type: 'request', id: 1, route, input }));
          ws.onmessage = (event) => {
            const frame = JSON.parse(String(event.data)) as { type: string; id?: number; result?: never };
            if (frame.type === 'response' && frame.id === 1) {
              ws.close();
              resolve(frame.result as never);
            }
          };
        });
      },
      { route, input, tokenKey: TOKEN_KEY, path: WS_PATH, prefix: WS_TOKEN_PROTOCOL_PREFIX },
    );
    if (!result.ok) throw new Error(`${route} failed: ${JSON.stringify(result.error)}`);
    return result.value as RouteOutput<R>;
  }

  async createAgent(definition: AgentDefinitionInput): Promise<void> {
    await this.request('agents.create', { definition });
  }

  /** An agent on the seeded tiny model, with one thread and short replies so a 2-core box keeps up; picked. */
  async createTinyAgent(patch: Partial<AgentDefinitionInput> & { id: string; name: string }): Promise<void> {
    const [model] = await this.request('models.list', {});
    if (!model) throw new Error('the seeded tiny model was not found');
    await this.request('models.setLoadOptions', { id: model.id, options: { threads: 1, contextSize: 2048 } });
    await this.createAgent({
      avatar: { symbol: 'T', colour: '#0ea5e9' },
      systemPrompt: 'You are a test agent.',
      model: { preferred: model.id },
      sampling: { maxTokens: 16, temperature: 0.8, seed: 7 },
      context: { strategy: 'truncate-oldest', reserveForReply: 256 },
      starterPrompts: ['Say hello'],
      ...patch,
    });
    await this.pickAgent(patch.id);
  }

  agentOption(id: string): Locator {
    return this.page.getByTestId(`agent-option-${id}`);
  }

  get input(): Locator {
    return this.page.getByTestId('chat-input');
  }

  get replies(): Locator {
    return this.page.getByTestId('message-assistant');
  }

  get userMessages(): Locator {
    return this.page.getByTestId('message-user');
  }

  get conversations(): Locator {
    return this.page.getByTestId('conversation-item');
  }

  get toolCards(): Locator {
    return this.page.getByTestId('tool-call-card');
  }

  get stopButton(): Locator {
    return this.page.getByTestId('chat-stop');
  }

  async pickAgent(id: string): Promise<void> {
    await this.agentOption(id).click();
    await expect(this.agentOption(id)).toHaveAttribute('aria-checked', 'true');
  }

  async send(text: string, { requireTool = false }: { requireTool?: boolean } = {}): Promise<void> {
    if (requireTool) await this.page.getByTestId('require-tool').check();
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  /** Waits until no reply is streaming and the composer offers Send again. */
  async waitForIdle(timeout = 120_000): Promise<void> {
    await expect(this.stopButton).toHaveCount(0, { timeout });
    await expect(this.page.locator('[data-testid="message-assistant"][data-status="streaming"]')).toHaveCount(0, {
      timeout,
    });
  }

  async search(query: string): Promise<Locator> {
    await this.page.getByTestId('chat-search').fill(query);
    return this.page.getByTestId('search-hit');
  }
}
