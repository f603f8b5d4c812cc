import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS } from '@contract';
import { installedModel } from '../../testing/modelFixtures';
import { FIELD_BOUNDS, draftFromOptions, parseAutoNumber, parseDraft, sameOptions } from './loadOptionsForm';

describe('parseAutoNumber', () => {
  it('reads empty and "auto" as auto, "max" only where allowed', () => {
    expect(parseAutoNumber('', FIELD_BOUNDS.threads)).toEqual({ ok: true, value: 'auto' });
    expect(parseAutoNumber('  Auto ', FIELD_BOUNDS.threads)).toEqual({ ok: true, value: 'auto' });
    expect(parseAutoNumber('MAX', FIELD_BOUNDS.gpuLayers)).toEqual({ ok: true, value: 'max' });
    expect(parseAutoNumber('max', FIELD_BOUNDS.threads)).toMatchObject({ ok: false });
  });

  it('takes whole numbers in bounds and explains everything else', () => {
    expect(parseAutoNumber('512', FIELD_BOUNDS.contextSize)).toEqual({ ok: true, value: 512 });
    expect(parseAutoNumber('0', FIELD_BOUNDS.gpuLayers)).toEqual({ ok: true, value: 0 });
    expect(parseAutoNumber('64', FIELD_BOUNDS.contextSize)).toEqual({
      ok: false,
      error: 'Must be between 128–1,048,576',
    });
    expect(parseAutoNumber('1.5', FIELD_BOUNDS.threads)).toEqual({
      ok: false,
      error: 'Enter a whole number (1–256) or empty for Auto',
    });
    expect(parseAutoNumber('-3', FIELD_BOUNDS.gpuLayers)).toMatchObject({
      ok: false,
      error: expect.stringContaining('“max”'),
    });
  });
});

describe('parseDraft', () => {
  const tiny = installedModel({
    metadata: { ...installedModel().metadata!, contextLength: 4096 },
  });

  it('round-trips the defaults', () => {
    const draft = draftFromOptions(DEFAULT_LOAD_OPTIONS);
    expect(draft).toMatchObject({ gpuLayers: '', contextSize: '', threads: '', parallelSequences: '2', mmap: true });
    expect(parseDraft(draft, tiny)).toEqual({ options: DEFAULT_LOAD_OPTIONS, errors: {}, warnings: {} });
  });

  it('builds options from typed values', () => {
    const draft = { ...draftFromOptions(DEFAULT_LOAD_OPTIONS), threads: '1', contextSize: '512', gpuLayers: 'max' };
    expect(parseDraft(draft, tiny).options).toEqual({
      ...DEFAULT_LOAD_OPTIONS,
      threads: 1,
      contextSize: 512,
      gpuLayers: 'max',
    });
  });

  it('collects an error per invalid field and yields no options', () => {
    const draft = { ...draftFromOptions(DEFAULT_LOAD_OPTIONS), threads: 'lots', parallelSequences: '17' };
    const parsed = parseDraft(draft, tiny);
    expect(parsed.options).toBeNull();
    expect(Object.keys(parsed.errors).sort()).toEqual(['parallelSequences', 'threads']);
    expect(parsed.errors.parallelSequences).toBe('Must be between 1–16');
  });

  it('warns about a context longer than the model was trained for', () => {
    const draft = { ...draftFromOptions(DEFAULT_LOAD_OPTIONS), contextSize: '8192' };
    const parsed = parseDraft(draft, tiny);
    expect(parsed.options?.contextSize).toBe(8192);
    expect(parsed.warnings.contextSize).toMatch(/4,096 tokens/);
  });
});

describe('speculative decoding in the form', () => {
  const model = installedModel({
    loadOptions: {
      ...DEFAULT_LOAD_OPTIONS,
      speculative: { ...DEFAULT_LOAD_OPTIONS.speculative, maxPredicted: 8, draftMinConfidence: 0.3 },
    },
  });

  it('edits prompt lookup and the draft model and keeps the settings the form does not show', () => {
    const draft = draftFromOptions(model.loadOptions);
    expect(draft).toMatchObject({ inputLookup: true, draftModelId: '' });
    const parsed = parseDraft({ ...draft, inputLookup: false, draftModelId: 'qwen-0.5b' }, model);
    expect(parsed.options?.speculative).toEqual({
      inputLookup: false,
      draftModelId: 'qwen-0.5b',
      maxPredicted: 8,
      draftMinConfidence: 0.3,
    });
    expect(parseDraft(draft, model).options?.speculative).toEqual(model.loadOptions.speculative);
  });

  it('sees a changed speculative setting as a change, and equal ones as none', () => {
    const withDraft = { ...DEFAULT_LOAD_OPTIONS.speculative, draftModelId: 'small' };
    expect(sameOptions(DEFAULT_LOAD_OPTIONS, { ...DEFAULT_LOAD_OPTIONS, speculative: withDraft })).toBe(false);
    expect(
      sameOptions(DEFAULT_LOAD_OPTIONS, {
        ...DEFAULT_LOAD_OPTIONS,
        speculative: { ...DEFAULT_LOAD_OPTIONS.speculative },
      }),
    ).toBe(true);
  });
});

describe('sameOptions', () => {
  it('compares every option', () => {
    expect(sameOptions(DEFAULT_LOAD_OPTIONS, { ...DEFAULT_LOAD_OPTIONS })).toBe(true);
    expect(sameOptions(DEFAULT_LOAD_OPTIONS, { ...DEFAULT_LOAD_OPTIONS, mlock: true })).toBe(false);
  });
});
