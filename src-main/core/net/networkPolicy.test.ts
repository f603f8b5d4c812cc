import { describe, expect, it } from 'vitest';
import { decide, isLoopbackHost, redactUrl } from './networkPolicy';

describe('isLoopbackHost', () => {
  it('knows loopback in its spellings', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'api.localhost',
      '127.0.0.1',
      '127.8.9.10',
      '[::1]',
      '::1',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
  });
  it('refuses look-alikes and real hosts', () => {
    for (const host of [
      'localhost.evil.com',
      '127.0.0.1.nip.io',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      'huggingface.co',
      '::2',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('decide', () => {
  const HF = 'https://huggingface.co/api/models?search=qwen';
  it('lets user-started downloads and searches out while online', () => {
    expect(decide(HF, 'hf-search', false)).toEqual({ allowed: true, reason: 'user-started' });
    expect(decide('https://cdn-lfs.hf.co/x.gguf', 'download', false)).toEqual({
      allowed: true,
      reason: 'user-started',
    });
  });
  it('blocks even user-started traffic in offline mode, loopback included', () => {
    expect(decide(HF, 'hf-search', true)).toEqual({ allowed: false, reason: 'offline-mode' });
    expect(decide('http://127.0.0.1:9/x.gguf', 'download', true)).toEqual({ allowed: false, reason: 'offline-mode' });
  });
  it('allows the loopback purpose only to loopback, also offline', () => {
    expect(decide('http://127.0.0.1:8080/v1/models', 'loopback', true)).toEqual({ allowed: true, reason: 'loopback' });
    expect(decide('https://example.com/', 'loopback', false)).toEqual({ allowed: false, reason: 'not-loopback' });
  });
  it('refuses unattributed requests that would leave the machine', () => {
    expect(decide('https://telemetry.example.com/ping', null, false)).toEqual({
      allowed: false,
      reason: 'unattributed',
    });
    expect(decide('http://localhost:1234/', null, true)).toEqual({ allowed: true, reason: 'loopback' });
  });
  it('refuses other schemes and garbage', () => {
    expect(decide('file:///etc/passwd', 'download', false).reason).toBe('bad-scheme');
    expect(decide('ftp://example.com/x', 'download', false).reason).toBe('bad-scheme');
    expect(decide('not a url', 'download', false).reason).toBe('bad-url');
  });
});

describe('redactUrl', () => {
  it('drops the query and credentials', () => {
    expect(redactUrl('https://user:pw@huggingface.co/api/models?token=secret#x')).toBe(
      'https://huggingface.co/api/models',
    );
  });
});
