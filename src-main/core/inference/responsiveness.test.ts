import { describe, expect, it } from 'vitest';
import { modelFileCrashError } from './responsiveness';
import { probeChatTemplate } from './worker/templateProbe';

describe('a worker that dies reading a model file', () => {
  it.each(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGFPE'])('is invalid_model for that file on %s', (signal) => {
    const error = modelFileCrashError('/models/bad.gguf')({ code: null, signal }, 'load of bad');
    expect(error).toMatchObject({
      code: 'invalid_model',
      message: expect.stringMatching(/^bad\.gguf: llama\.cpp stopped while reading this file/),
      details: { file: '/models/bad.gguf', reason: 'worker_abort', signal },
    });
  });

  it('stays a crash when the worker was killed (out of memory, or by us)', () => {
    const error = modelFileCrashError('/models/ok.gguf')({ code: null, signal: 'SIGKILL' }, 'load of ok');
    expect(error).toMatchObject({ code: 'worker_crashed' });
  });
});

describe('probeChatTemplate', () => {
  it('accepts a normal template', async () => {
    await expect(
      probeChatTemplate("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"),
    ).resolves.toEqual({ ok: true });
  });

  it.each([
    ['a template that throws', '{{ raise_exception("no") }}', /rendering failed/],
    ['an endless loop', '{% for i in range(2000000000) %}{{ i }}{% endfor %}', /longer than|more than .* MB|stopped/],
    [
      'output far beyond its input',
      `{% for i in range(3000) %}{{ '${'x'.repeat(200)}' }}{% endfor %}`,
      /rendered \d+ characters/,
    ],
  ])('refuses %s', async (_label, template, reason) => {
    const result = await probeChatTemplate(template);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });
});
