import { describe, expect, it } from 'vitest';
import type { KnowledgeFile, KnowledgeProgress } from '@contract';
import {
  fileSummary,
  folderToGrant,
  parseGlobs,
  progressFraction,
  progressLine,
  relativeTo,
  whereText,
} from './knowledgeText';

const progress = (patch: Partial<KnowledgeProgress>): KnowledgeProgress => ({
  baseId: 'b',
  state: 'idle',
  filesDone: 0,
  filesTotal: 0,
  chunks: 0,
  currentFile: null,
  etaMs: null,
  unembedded: 0,
  ...patch,
});

const file = (patch: Partial<KnowledgeFile>): KnowledgeFile => ({
  id: 1,
  baseId: 'b',
  path: '/docs/a.pdf',
  size: 10,
  format: 'pdf',
  status: 'indexed',
  reason: null,
  detail: null,
  chunks: 0,
  pages: null,
  indexedAt: null,
  ...patch,
});

describe('knowledge text', () => {
  it('describes indexing with files, passages, the current file and what is left', () => {
    const line = progressLine(
      progress({
        state: 'indexing',
        filesDone: 3,
        filesTotal: 10,
        chunks: 1234,
        currentFile: '/d/x/notes.md',
        etaMs: 12_000,
      }),
    );
    expect(line).toBe('Indexing 3 / 10 files · 1,234 passages · notes.md · about 12 s left');
    expect(progressLine(progress({ filesDone: 2, filesTotal: 2, chunks: 5 }))).toBe(
      'Up to date · 2 / 2 files · 5 passages',
    );
    expect(progressLine(progress({ filesDone: 2, filesTotal: 2, unembedded: 7 }))).toContain(
      '7 waiting for meaning search',
    );
    expect(progressLine(progress({ state: 'paused', filesDone: 1, filesTotal: 4 }))).toMatch(/^Paused · 1 \/ 4 files/);
    expect(progressFraction(progress({ state: 'indexing', filesDone: 1, filesTotal: 4 }))).toBe(0.25);
    expect(progressFraction(progress({ state: 'scanning' }))).toBe(0);
    expect(progressFraction(progress({ state: 'idle' }))).toBe(1);
  });

  it('says why a file was not indexed, and what an indexed one holds', () => {
    expect(fileSummary(file({ status: 'failed', reason: 'no_text' }))).toBe('no text (OCR not supported)');
    expect(fileSummary(file({ status: 'failed', reason: 'corrupt', detail: 'bad xref' }))).toBe(
      'corrupt or unreadable file: bad xref',
    );
    expect(fileSummary(file({ status: 'skipped', reason: 'unsupported' }))).toBe('format not supported');
    expect(fileSummary(file({ chunks: 1, pages: 3 }))).toBe('1 passage · 3 pages');
    expect(fileSummary(file({ status: 'pending' }))).toBe('waiting to be indexed');
  });

  it('shows paths below their source folder and picks the folder to grant', () => {
    expect(relativeTo('/home/me/docs/a/b.md', ['/home/me/docs'])).toBe('a/b.md');
    expect(relativeTo('/home/me/docs2/b.md', ['/home/me/docs'])).toBe('/home/me/docs2/b.md');
    expect(folderToGrant('file', '/home/me/docs/a.pdf')).toBe('/home/me/docs');
    expect(folderToGrant('folder', '/home/me/docs')).toBe('/home/me/docs');
    expect(parseGlobs(' **/*.pdf, docs/**\n\n,')).toEqual(['**/*.pdf', 'docs/**']);
    expect(whereText({ page: 2, heading: 'x' })).toBe('page 2');
    expect(whereText({ page: null, heading: 'Setup › Install' })).toBe('Setup › Install');
  });
});
