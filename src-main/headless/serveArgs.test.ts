import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/testPorts';
import { DEFAULT_ALLOWED_CLIENTS } from '../core/api/clientAllowList';
import { DEFAULT_SERVE_PORT, serveConfigFrom } from './serveArgs';

describe('--serve flags', () => {
  it('is off without --serve and refuses its flags alone', () => {
    expect(serveConfigFrom({}, {})).toBeNull();
    expect(() => serveConfigFrom({ listen: '0.0.0.0' }, {})).toThrow('--listen only applies with --serve');
  });

  it('defaults to every interface, the default port, private networks and the stored key', () => {
    expect(serveConfigFrom({ serve: true }, {})).toEqual({
      host: '0.0.0.0',
      port: DEFAULT_SERVE_PORT,
      allow: [...DEFAULT_ALLOWED_CLIENTS],
      apiKey: null,
    });
  });

  it('takes the interface, port, allow-list (repeated or comma-separated) and the key from env or a file', () => {
    const env = { OUTPOST_API_KEY: '  from-the-environment-123 ' };
    const config = serveConfigFrom(
      { serve: true, listen: '192.168.1.5', 'api-port': '8080', allow: ['10.0.0.0/8,192.168.1.7', '::1'] },
      env,
    );
    expect(config).toEqual({
      host: '192.168.1.5',
      port: 8080,
      allow: ['10.0.0.0/8', '192.168.1.7', '::1'],
      apiKey: 'from-the-environment-123',
    });
    const file = path.join(makeTempDir(), 'key');
    fs.writeFileSync(file, 'from-a-file-0123456789\n');
    expect(serveConfigFrom({ serve: true, 'api-key-file': file }, env)?.apiKey).toBe('from-a-file-0123456789');
  });

  it('explains bad values', () => {
    expect(() => serveConfigFrom({ serve: true, listen: 'gpu-box' }, {})).toThrow(/--listen must be an IP/);
    expect(() => serveConfigFrom({ serve: true, 'api-port': '0' }, {})).toThrow(/--api-port/);
    expect(() => serveConfigFrom({ serve: true, allow: ['lan'] }, {})).toThrow(/--allow: .*"lan"/);
  });
});
