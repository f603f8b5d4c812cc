import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { precheckFiles, problemFromError, problemsFromError } from './importReport';

describe('precheckFiles', () => {
  it('accepts agent files and names each rejected one', () => {
    expect(
      precheckFiles([
        { name: 'a.JSON', size: 10 },
        { name: 'b.yml', size: 10 },
        { name: 'c.yaml', size: 10 },
      ]),
    ).toEqual([]);
    const problems = precheckFiles([
      { name: 'notes.txt', size: 10 },
      { name: 'huge.yaml', size: 400 * 1024 },
    ]);
    expect(problems.map((p) => p.file)).toEqual(['notes.txt', 'huge.yaml']);
    expect(problems[1]?.message).toBe('The file is 400 KB; the limit is 300 KB');
  });

  it('refuses more than 20 files as a whole', () => {
    const files = Array.from({ length: 21 }, (_, i) => ({ name: `${i}.json`, size: 1 }));
    expect(precheckFiles(files)).toEqual([{ file: null, message: 'At most 20 files at once (21 chosen)', issues: [] }]);
  });
});

describe('problemFromError', () => {
  it('reads the file and issues the core reports', () => {
    const issues = [
      { path: 'agent.tools.read_file', message: 'must be one of allow, ask, deny' },
      { path: 'agent.colour', message: 'unknown field' },
    ];
    const error = new OutpostError(
      'bad_request',
      'bad.yaml: The agent file is invalid: agent.tools.read_file: must be one of allow, ask, deny; agent.colour: unknown field',
      { file: 'bad.yaml', issues },
    );
    expect(problemFromError(error)).toEqual({ file: 'bad.yaml', message: 'The agent file is invalid', issues });
  });

  it('keeps messages without issues whole, and copes with foreign errors', () => {
    const tooBig = new OutpostError('payload_too_large', 'x.json: The agent file is 400 KB; the limit is 256 KB', {
      file: 'x.json',
      bytes: 1,
    });
    expect(problemFromError(tooBig)).toEqual({
      file: 'x.json',
      message: 'The agent file is 400 KB; the limit is 256 KB',
      issues: [],
    });
    expect(problemFromError(new Error('socket closed'))).toEqual({ file: null, message: 'socket closed', issues: [] });
    const odd = new OutpostError('bad_request', 'nope', { issues: [{ path: 1 }, { path: 'a', message: 'b' }] });
    expect(problemFromError(odd).issues).toEqual([{ path: 'a', message: 'b' }]);
  });
});

describe('problemsFromError', () => {
  it('lists every failing file the core reports, each with its own issues', () => {
    const a = [{ path: 'agent.id', message: 'must not be empty' }];
    const b = [{ path: 'agent.mood', message: 'unknown field' }];
    const error = new OutpostError(
      'bad_request',
      'a.yaml: The agent file is invalid: agent.id: must not be empty\nb.json: The agent file is invalid: agent.mood: unknown field',
      {
        file: 'a.yaml',
        issues: a,
        files: [
          { file: 'a.yaml', issues: a },
          { file: 'b.json', issues: b },
        ],
      },
    );
    expect(problemsFromError(error)).toEqual([
      { file: 'a.yaml', message: 'The agent file is invalid', issues: a },
      { file: 'b.json', message: 'The agent file is invalid', issues: b },
    ]);
  });

  it('falls back to one problem when the core names no files', () => {
    expect(problemsFromError(new Error('socket closed'))).toEqual([
      { file: null, message: 'socket closed', issues: [] },
    ]);
  });
});
