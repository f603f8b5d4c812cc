/**
 * 500 damaged GGUF files in the models folder: the host scans them all, names what is wrong with each,
 * survives loading the ones that still pass the header check, and never crashes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeTestModel } from '../test-model/make-test-model';
import { connect, isTypedFailure, makeDataDir, startHost } from './lib/faultHost';

const FILES = Number(process.env.OUTPOST_FAULT_GGUF_FILES ?? 500);
const LOADS = 6;

/** xorshift32: the same seed gives the same 500 files, so a failure can be replayed. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function mutate(original: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(original);
  const headerEnd = Math.min(bytes.length, 8192);
  const at = () => Math.floor(random() * headerEnd);
  switch (Math.floor(random() * 6)) {
    case 0: // flip a handful of header bytes
      for (let i = 0; i < 1 + random() * 8; i++) bytes[at()] = Math.floor(random() * 256);
      return bytes;
    case 1: // a huge count or length somewhere in the metadata
      bytes.writeBigUInt64LE(BigInt(Math.floor(random() * 2 ** 52)) * 4096n, Math.min(at(), headerEnd - 8));
      return bytes;
    case 2: // cut anywhere
      return bytes.subarray(0, Math.floor(random() * bytes.length));
    case 3: // a valid header with the tensor data gone
      return bytes.subarray(0, headerEnd);
    case 4: // random bytes with a GGUF magic
      return Buffer.concat([Buffer.from('GGUF'), Buffer.from(Array.from({ length: 2048 }, () => random() * 256))]);
    default: // tensor data scrambled, header intact
      for (let i = headerEnd; i < bytes.length; i += 1 + Math.floor(random() * 64)) bytes[i] = random() * 256;
      return bytes;
  }
}

it(`scans ${FILES} damaged GGUF files and loads the plausible ones without a host crash`, async () => {
  const original = fs.readFileSync(await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 5 }));
  const dataDir = makeDataDir();
  const modelsDir = path.join(dataDir, 'models');
  fs.mkdirSync(modelsDir, { recursive: true });
  const random = rng(20261124);
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(modelsDir, `fuzz-${i}.gguf`), mutate(original, random));

  const host = await startHost(dataDir);
  const client = await connect(host);
  const scan = await client.request('models.scan', {});
  expect(scan.ok).toBe(true);
  const models = (scan as { value: { id: string; fileName: string; problem: string | null }[] }).value;
  expect(models.length).toBe(FILES);
  const rejected = models.filter((model) => model.problem !== null);
  expect(rejected.length).toBeGreaterThan(FILES / 2);
  // Every rejection names the problem in words.
  expect(rejected.every((model) => (model.problem ?? '').length > 10)).toBe(true);

  const plausible = models.filter((model) => model.problem === null).slice(0, LOADS);
  for (const model of plausible) {
    const loaded = await client.request('models.load', { id: model.id });
    if (loaded.ok) await client.request('models.unload', { id: model.id });
    else expect(isTypedFailure(loaded), JSON.stringify(loaded)).toBe(true);
  }
  expect(await client.request('app.info', {})).toMatchObject({ ok: true });
  expect(host.child.exitCode).toBeNull();
  expect(host.child.signalCode).toBeNull();
  client.close();
  await host.stop();
});
