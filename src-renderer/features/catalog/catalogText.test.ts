import { describe, expect, it } from 'vitest';
import { catalogEntry, download, fitEstimate } from '../../testing/catalogFixtures';
import {
  downloadBlockReason,
  downloadStatusLine,
  fitMemoryText,
  fitNoteText,
  formatEta,
  formatSpeed,
  headroomText,
  searchFailureText,
  variantOptionLabel,
  verdictLabel,
  verifiedByText,
} from './catalogText';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('fit wording', () => {
  it('names each verdict, with the layer count for a partial offload', () => {
    expect(verdictLabel({ verdict: 'gpu', gpuLayers: 24 })).toBe('Runs on GPU');
    expect(verdictLabel({ verdict: 'partial', gpuLayers: 12 })).toBe('Partial GPU offload (12 layers)');
    expect(verdictLabel({ verdict: 'partial', gpuLayers: 1 })).toBe('Partial GPU offload (1 layer)');
    expect(verdictLabel({ verdict: 'cpu', gpuLayers: 0 })).toBe('CPU only');
    expect(verdictLabel({ verdict: 'no', gpuLayers: 0 })).toBe("Won't fit");
  });

  it('says what memory is needed at which context, and what is left or missing', () => {
    expect(fitMemoryText(fitEstimate({ ramBytes: 900 * MIB }))).toBe('About 900 MiB RAM at 4,096 tokens of context');
    expect(fitMemoryText(fitEstimate({ verdict: 'gpu', ramBytes: 300 * MIB, vramBytes: 2 * GIB }))).toBe(
      'About 300 MiB RAM + 2.00 GiB VRAM at 4,096 tokens of context',
    );
    expect(headroomText({ verdict: 'cpu', headroomBytes: 18 * GIB })).toBe('18.0 GiB RAM to spare');
    expect(headroomText({ verdict: 'gpu', headroomBytes: 512 * MIB })).toBe('512 MiB VRAM to spare');
    expect(headroomText({ verdict: 'no', headroomBytes: -3 * GIB })).toBe('3.00 GiB short');
  });

  it('keeps only the parts of the fit note the card does not already show', () => {
    expect(fitNoteText(null)).toBeNull();
    expect(fitNoteText('approximate size')).toBeNull();
    expect(fitNoteText('approximate size; mostly on the CPU: expect a few tokens per second')).toBe(
      'Mostly on the CPU: expect a few tokens per second.',
    );
  });

  it('holds Download back only for a model that will not fit, and says by how much', () => {
    expect(downloadBlockReason(null)).toBeNull();
    expect(downloadBlockReason(fitEstimate({ verdict: 'cpu' }))).toBeNull();
    expect(downloadBlockReason(fitEstimate({ verdict: 'no', ramBytes: 40 * GIB, headroomBytes: -20 * GIB }))).toBe(
      "Won't fit this machine: it needs about 40.0 GiB of memory, 20.0 GiB more than it can spare. Pick a smaller variant.",
    );
  });

  it('labels picker options with size, fit and flags; approximate sizes get a tilde', () => {
    const entry = catalogEntry();
    const [q2, q4] = entry.variants;
    expect(variantOptionLabel(q4!, fitEstimate(), { recommended: true, installed: false })).toBe(
      'Q4_K_M · 469 MiB · CPU only · recommended',
    );
    expect(variantOptionLabel(q2!, null, { recommended: false, installed: true })).toBe('Q2_K · ~396 MiB · installed');
  });
});

describe('download wording', () => {
  it('formats speed and time left, or nothing when unknown', () => {
    expect(formatSpeed(2 * MIB)).toBe('2.00 MiB/s');
    expect(formatSpeed(0)).toBeNull();
    expect(formatSpeed(null)).toBeNull();
    expect(formatEta(0.2)).toBe('1 s left');
    expect(formatEta(42)).toBe('42 s left');
    expect(formatEta(150)).toBe('about 3 min left');
    expect(formatEta(3900)).toBe('about 1 h 5 min left');
    expect(formatEta(7200)).toBe('about 2 h left');
    expect(formatEta(null)).toBeNull();
  });

  it('writes one status line per state', () => {
    expect(downloadStatusLine(download())).toBe('100 MiB of 400 MiB · 2.00 MiB/s · about 3 min left');
    expect(downloadStatusLine(download({ bytesPerSecond: null, etaSeconds: null }))).toBe(
      '100 MiB of 400 MiB · starting…',
    );
    expect(downloadStatusLine(download({ state: 'paused' }))).toBe(
      '100 MiB of 400 MiB · paused; the bytes so far are kept',
    );
    expect(downloadStatusLine(download({ state: 'queued', totalBytes: null, receivedBytes: 0 }))).toBe(
      '0 B · waiting for a free slot',
    );
  });

  it('says how a finished file was verified', () => {
    expect(verifiedByText('sha256')).toBe('SHA-256 verified');
    expect(verifiedByText('size-and-header')).toBe('Checked by size and GGUF header (no published checksum)');
    expect(verifiedByText(null)).toMatch(/Not verified/);
  });
});

describe('searchFailureText', () => {
  it('is calm about being offline and plain about other failures', () => {
    const offline = searchFailureText({
      code: 'unavailable',
      message: 'Hugging Face could not be reached (offline?): getaddrinfo ENOTFOUND huggingface.co',
      file: null,
    });
    expect(offline).toMatchObject({
      calm: true,
      title: "You're offline — the curated catalog works without a connection",
    });
    expect(searchFailureText({ code: 'unavailable', message: 'Hugging Face answered 503', file: null })).toMatchObject({
      calm: true,
      title: 'Hugging Face search is unavailable right now',
    });
    expect(searchFailureText({ code: 'bad_request', message: 'query too long', file: null }).calm).toBe(false);
  });
});
