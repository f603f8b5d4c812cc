import net from 'node:net';
import { expect, test } from '../fixtures/test';
import { TINY } from '../fixtures/testModels';
import { ApiSettingsPage } from '../pages/ApiSettingsPage';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test.describe('API server', () => {
  test.use({ seedModels: { 'tiny-q8.gguf': TINY } });

  test('enable it in Settings, copy the key, call it with a generated model', async ({ app, page }) => {
    // The first request loads the model in the worker: slow on a busy 2-core machine.
    test.setTimeout(240_000);
    await app.open();
    const api = await new ApiSettingsPage(app).open();
    await expect(api.enabled).not.toBeChecked();
    await api.setPort(await freePort());

    const { key, baseUrl } = await api.enable();
    expect(key).toMatch(/^op-[A-Za-z0-9_-]{40,}$/);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    await app.screenshot('settings-api-enabled', { wholeScreen: true });

    const unauthorized = await fetch(`${baseUrl}/models`);
    expect(unauthorized.status).toBe(401);
    expect((await unauthorized.json()).error.code).toBe('missing_api_key');

    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const models = await (await fetch(`${baseUrl}/models`, { headers })).json();
    expect(models.data.map((m: { id: string }) => m.id)).toContain('tiny-q8');

    const reply = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'tiny-q8', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8 }),
    });
    expect(reply.status).toBe(200);
    const body = await reply.json();
    expect(body.object).toBe('chat.completion');
    expect(typeof body.choices[0].message.content).toBe('string');

    // The live log shows the refused and the answered request.
    await expect(api.log).toContainText('401');
    await expect(api.log).toContainText('POST /v1/chat/completions');

    // After a reload the key is no longer shown: it is stored hashed.
    await page.reload();
    await new ApiSettingsPage(app).open();
    await expect(api.key).not.toContainText(key);
    await expect(api.key).toContainText(key.slice(0, 10));
  });
});
