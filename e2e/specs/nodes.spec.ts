/**
 * Two real Outposts: this app, and a second headless host serving its API as a node (its own generated model).
 * The user adds the node in Settings, picks its model as an agent's bigger model in the builder, and asks for it
 * on a reply; the node is then killed: the next ask (nothing knows it is down yet) stays local in one reply, "Check
 * now" turns its health red, and the ask after that stays local without trying it.
 */
import { expect, test } from '../fixtures/test';
import { hostRequest } from '../fixtures/hostRequest';
import { startServedNode, type ServedNode } from '../fixtures/servedNode';
import { TINY } from '../fixtures/testModels';
import { AgentsPage } from '../pages/AgentsPage';
import { ChatPage } from '../pages/ChatPage';
import { DashboardPage } from '../pages/DashboardPage';
import { NodesSettingsPage } from '../pages/NodesSettingsPage';

// Each step waits on state; these only bound a 2-core machine shared with other work.
const TURN_TIMEOUT = 180_000;
const NODE_ID = 'gpu-box';

test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

let node: ServedNode | null = null;

test.afterEach(async ({ host }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('host-log', { body: host.logs(), contentType: 'text/plain' });
    if (node) await testInfo.attach('node-log', { body: node.host.logs(), contentType: 'text/plain' });
  }
  await node?.host.stop();
  node = null;
});

test('a node added in Settings answers an escalated turn; once it dies, it shows down and the turn stays local', async ({
  app,
  page,
}) => {
  test.setTimeout(600_000);
  node = await startServedNode();
  // One thread and a small context on both machines keep the turns light on a loaded box.
  const light = { threads: 1, contextSize: 2048 };
  await hostRequest(node.host, 'models.setLoadOptions', { id: node.modelId, options: light });
  await app.open();
  const chat = new ChatPage(app);
  await chat.request('models.setLoadOptions', { id: 'tiny-q8', options: light });

  // Settings → Nodes: URL + key, then "Test connection".
  const nodes = await new NodesSettingsPage(app).open();
  await nodes.add({ name: 'GPU box', baseUrl: node.baseUrl, apiKey: node.apiKey, nodeId: NODE_ID });
  await expect(nodes.row(NODE_ID).getByTestId('node-models')).toContainText(node.modelId);
  await expect(await nodes.testConnection(NODE_ID)).toContainText('Connected in');
  await expect(nodes.row(NODE_ID).getByTestId('node-test-result')).toContainText('1 model(s)');

  // The builder: a local agent whose bigger model is the node's.
  const agents = await new AgentsPage(app).open();
  await agents.newAgent();
  await agents.fill('agent-name', 'Hybrid helper');
  await expect(page.getByTestId('agent-model')).toHaveValue('tiny-q8');
  await agents.fill('sampling-maxTokens', '16');
  await page.getByTestId('escalation-enabled').check();
  const remoteRef = `node:${NODE_ID}/${node.modelId}`;
  await page.getByTestId('escalation-to').selectOption(remoteRef);
  await expect(page.getByTestId('escalation-to-badges')).toContainText('Remote');
  await expect(page.getByTestId('escalation-on-request')).toBeChecked();
  await agents.save();

  // Chat locally, then "Ask a bigger model": the node answers and the reply says so.
  await chat.open();
  await chat.pickAgent('hybrid-helper');
  await chat.send('Summarise the quarterly numbers');
  await chat.waitForIdle(TURN_TIMEOUT);
  await expect(chat.replies.last().getByTestId('message-model')).toHaveText('tiny-q8');
  await chat.replies.last().hover();
  await chat.replies.last().getByTestId('ask-bigger').click();
  await chat.waitForIdle(TURN_TIMEOUT);
  const escalated = chat.replies.last();
  await expect(escalated).toHaveAttribute('data-status', 'complete');
  await expect(escalated.getByTestId('message-model')).toHaveText(`answered by ${node.modelId} on ${NODE_ID}`);
  await expect(escalated.getByTestId('router-label')).toContainText('Escalated to');
  await expect(chat.replies).toHaveCount(1);

  // The dashboard shows the node next to the local models: its requests, the tokens it read and wrote.
  const dashboard = await new DashboardPage(app).open();
  const nodeRow = page.getByTestId(`dashboard-node-${NODE_ID}`);
  await expect(nodeRow.getByTestId('dashboard-node-health')).toHaveText('healthy');
  // "Test connection" counts as a request too: at least the turn's is there.
  await expect(nodeRow.getByTestId('dashboard-node-requests')).toHaveText(/^[1-9]\d*$/);
  await expect(nodeRow.getByTestId('dashboard-node-errors')).toHaveText('0 (0%)');
  await expect(nodeRow.getByTestId('dashboard-node-tokens')).toHaveText(/^[1-9][\d,]* in · [1-9][\d,]* out$/);

  // The node dies, and nothing knows yet (no health check ran): the next ask tries it, finds it unreachable before
  // the first token, and the same reply goes on locally — one reply, marked why, no failed attempt above it.
  await node.host.kill();
  await chat.open();
  await chat.conversations.first().click();
  await expect(chat.replies).toHaveCount(1);
  const askBigger = async () => {
    await chat.replies.last().hover();
    await chat.replies.last().getByTestId('ask-bigger').click();
    await chat.waitForIdle(TURN_TIMEOUT);
    const reply = chat.replies.last();
    await expect(reply).toHaveAttribute('data-status', 'complete');
    await expect(reply.getByTestId('router-label')).toContainText('Stayed local');
    await expect(reply.getByTestId('router-label')).toContainText('unreachable');
    await expect(reply.getByTestId('message-model')).toHaveText('tiny-q8');
    await expect(chat.replies).toHaveCount(1);
    await expect(reply.getByTestId('reply-problem')).toHaveCount(0);
  };
  await askBigger();
  await app.screenshot('nodes-degraded-turn');

  // "Check now" finds it unreachable and its health turns red; the next ask stays local without trying it.
  await nodes.open();
  await nodes.checkNow();
  await expect(nodes.health(NODE_ID)).toHaveText('down', { timeout: TURN_TIMEOUT });
  await expect(nodes.health(NODE_ID)).toHaveAttribute('data-tone', 'danger');
  await expect(nodes.row(NODE_ID)).toContainText('Last error:');
  await chat.open();
  await chat.conversations.first().click();
  await askBigger();
  await expect(chat.replies.last().getByTestId('router-label')).toContainText('did not answer its last health check');

  await dashboard.open();
  await expect(nodeRow.getByTestId('dashboard-node-health')).toHaveText('down');
  await expect(nodeRow.getByTestId('dashboard-node-health')).toHaveAttribute('data-tone', 'danger');
  await app.screenshot('nodes-dashboard', { wholeScreen: true });
});
