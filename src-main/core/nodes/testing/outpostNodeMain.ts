/**
 * A real Outpost core serving its OpenAI-compatible API, run as its own process so tests can kill it like a
 * crashed GPU box. Args: <dataDir> <port>. Prints one `OUTPOST_NODE_READY <json>` line when it serves.
 */
import path from 'node:path';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { createCore } from '../../createCore';
import { testLoadOptions } from '../../inference/testing/engineHarness';
import { modelsDirFor } from '../../models/modelRegistry';
import { createTestPorts } from '../../testing/testPorts';

const [dataDir, portText] = process.argv.slice(2);
if (!dataDir || !portText) throw new Error('usage: outpostNodeMain <dataDir> <port>');

const ctx = { signal: new AbortController().signal };
const modelFile = path.join(modelsDirFor(dataDir), 'tiny-1.gguf');
await writeTestModel(modelFile, { shape: 'tiny', seed: 1 });
const core = await createCore(createTestPorts(dataDir).ports);

async function call(route: string, input: unknown): Promise<unknown> {
  const reply = await core.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

await call('settings.set', { apiPort: Number(portText), apiRateLimitPerMinute: 10_000, apiMaxQueue: 64 });
// Tool rounds put function docs in the prompt; two sequences let a pool test run requests side by side.
await call('models.setLoadOptions', {
  id: 'tiny-1',
  options: testLoadOptions({ contextSize: 4096, parallelSequences: 2 }),
});
const enabled = (await call('api.setEnabled', { enabled: true })) as {
  newKey: string | null;
  status: { baseUrl: string | null };
};
if (!enabled.newKey) {
  // A data dir reused across restarts keeps its key hash only: rotate to learn a key again.
  const rotated = (await call('api.rotateKey', {})) as { key: string };
  enabled.newKey = rotated.key;
}
process.stdout.write(
  `OUTPOST_NODE_READY ${JSON.stringify({ baseUrl: enabled.status.baseUrl, key: enabled.newKey })}\n`,
);

const stop = () => void core.dispose().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
