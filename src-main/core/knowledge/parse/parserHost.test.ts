import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import { PARSE_WORKER_SOURCE } from '../testing/knowledgeHarness';
import type { ParseRequest } from './parseJob';
import { ParserHost } from './parserHost';

const CRASHING_WORKER = fileURLToPath(new URL('../testing/crashingParseWorker.ts', import.meta.url));
/** Each test starts parser threads from TS source (tsx): slow on a loaded machine, never wrong. */
const THREAD_TESTS = { timeout: 120_000 };
const hosts: ParserHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

function host(modulePath: string): ParserHost {
  const h = new ParserHost({ entry: { modulePath, register: 'tsx/esm/api' }, logger: createMemoryLogger() });
  hosts.push(h);
  return h;
}

function files(names: string[]): ParseRequest[] {
  const dir = makeTempDir('outpost-parser-host-');
  return names.map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `The word ${name.replace(/\W/g, '')} is in this file.\n`);
    return { path: file, format: 'text', maxBytes: 1_000_000, maxTokens: 200, overlapTokens: 10 };
  });
}

const firstText = (result: Awaited<ReturnType<ParserHost['parse']>>) => (result.ok ? result.chunks[0]!.text : result);

describe('ParserHost', () => {
  it('parses queued files back to back, each answer to its own request', THREAD_TESTS, async () => {
    const parser = host(PARSE_WORKER_SOURCE);
    const requests = files(['alpha.txt', 'beta.txt', 'gamma.txt', 'delta.txt']);
    const results = await Promise.all(requests.map((r) => parser.parse(r)));
    expect(results.map(firstText)).toEqual([
      'The word alphatxt is in this file.',
      'The word betatxt is in this file.',
      'The word gammatxt is in this file.',
      'The word deltatxt is in this file.',
    ]);
  });

  it(
    'cancels a waiting job alone, and blames a crash on the running job while the rest go to a new thread',
    THREAD_TESTS,
    async () => {
      const parser = host(CRASHING_WORKER);
      const [first, waiting, crash, after] = files(['one.txt', 'two.txt', 'three.crash.txt', 'four.txt']);
      const stop = new AbortController();
      const pending = [
        parser.parse(first!),
        parser.parse(waiting!, stop.signal),
        parser.parse(crash!),
        parser.parse(after!),
      ];
      stop.abort();
      const [one, two, three, four] = await Promise.all(pending);
      expect(firstText(one!)).toBe('The word onetxt is in this file.');
      expect(two).toEqual({ ok: false, reason: 'unreadable', message: 'Parsing was cancelled' });
      expect(three).toMatchObject({ ok: false, reason: 'corrupt' });
      expect(firstText(four!)).toBe('The word fourtxt is in this file.');
    },
  );
});
