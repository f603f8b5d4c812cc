/**
 * The one-defect corpus through the real host: full-length models, each valid except for one header value
 * (every key the validator knows, every type, and semantically wrong values), run register → estimate →
 * load → generate 4 tokens. Per file: a typed error or success, never a worker abort, never more than 5 s.
 * Afterwards a good model still loads and generates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeGgufFile } from '../test-model/gguf-writer';
import { makeTestModel } from '../test-model/make-test-model';
import { oneDefectCorpus } from '../test-model/one-defect-corpus';
import { connect, isTypedFailure, makeDataDir, startHost, type HostClient, type Reply } from './lib/faultHost';

const PER_FILE_MS = Number(process.env.OUTPOST_FAULT_FILE_MS ?? 5_000);
const OPTIONS = { contextSize: 512, threads: 1, parallelSequences: 1 };

async function runFile(client: HostClient, file: string, name: string): Promise<{ steps: Reply[]; ms: number }> {
  const started = Date.now();
  const steps: Reply[] = [];
  const registered = await client.request('models.register', { path: file, mode: 'link' });
  steps.push(registered);
  if (registered.ok) {
    const id = (registered.value as { id: string }).id;
    for (const [route, input] of [
      ['models.estimate', { id, options: OPTIONS }],
      ['models.load', { id, options: OPTIONS }],
      [
        'inference.generate',
        {
          requestId: `corpus-${name}`,
          modelId: id,
          messages: [{ role: 'user', content: 'Hi' }],
          sampling: { maxTokens: 4 },
        },
      ],
    ] as const) {
      const reply = await client.request(route, input);
      steps.push(reply);
      if (!reply.ok) break;
    }
    await client.request('models.unload', { id });
    await client.request('models.remove', { id });
  }
  return { steps, ms: Date.now() - started };
}

it('runs every one-defect file to a typed answer, without a worker abort or a hang', async () => {
  const dataDir = makeDataDir('outpost-fault-corpus-');
  const corpusDir = path.join(dataDir, 'corpus');
  fs.mkdirSync(corpusDir, { recursive: true });
  const corpus = oneDefectCorpus();
  for (const defect of corpus) await writeGgufFile(path.join(corpusDir, `${defect.name}.gguf`), defect.spec);

  const host = await startHost(dataDir);
  const client = await connect(host);
  const crashes: string[] = [];
  client.onEvent((name, payload) => {
    if (name === 'inference.status' && (payload as { state: string }).state === 'restarting') crashes.push(name);
  });
  const problems: string[] = [];
  let refused = 0;
  const started = Date.now();
  for (const defect of corpus) {
    const { steps, ms } = await runFile(client, path.join(corpusDir, `${defect.name}.gguf`), defect.name);
    const failure = steps.find((step) => !step.ok);
    if (failure && !isTypedFailure(failure)) problems.push(`${defect.name}: untyped ${JSON.stringify(failure)}`);
    if (failure && !failure.ok && failure.error.code === 'worker_crashed')
      problems.push(`${defect.name}: worker abort`);
    if (ms > PER_FILE_MS) problems.push(`${defect.name}: took ${ms} ms`);
    if (defect.mustRefuse && failure?.ok !== false) problems.push(`${defect.name}: accepted`);
    if (failure && !failure.ok && failure.error.code === 'invalid_model') refused++;
  }
  console.log(
    `semantic corpus: ${corpus.length} files, ${refused} refused as invalid_model, in ${Date.now() - started} ms`,
  );
  expect(problems).toEqual([]);
  expect(crashes).toEqual([]);

  // A good model still loads and generates afterwards.
  const good = await client.request('models.register', {
    path: await makeTestModel({ shape: 'tiny', seed: 9 }),
    mode: 'link',
  });
  expect(good.ok, JSON.stringify(good)).toBe(true);
  const id = (good as { value: { id: string } }).value.id;
  expect(await client.request('models.load', { id, options: OPTIONS })).toMatchObject({ ok: true });
  const reply = await client.request('inference.generate', {
    requestId: 'corpus-good',
    modelId: id,
    messages: [{ role: 'user', content: 'Hi' }],
    sampling: { maxTokens: 4 },
  });
  expect(reply).toMatchObject({ ok: true, value: { requestId: 'corpus-good' } });
  expect(host.child.exitCode).toBeNull();
  client.close();
  await host.stop();
});
