import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../src-preload/contract/catalog';
import { estimateFit, type FitHardware } from './fitEstimate';
import {
  COMPUTE_BASE_BYTES,
  GIB,
  GPU_BACKEND_OVERHEAD_BYTES,
  kvCacheBytes,
  MIB,
  RUNTIME_OVERHEAD_BYTES,
} from './fitMath';
import { ggufModel } from './testing/catalogFixtures';

const cpuOnly = (ramGiB: number, freeGiB = ramGiB / 2): FitHardware => ({
  totalRamBytes: ramGiB * GIB,
  freeRamBytes: freeGiB * GIB,
  gpu: null,
});
const withGpu = (ramGiB: number, vramFreeGiB: number): FitHardware => ({
  totalRamBytes: ramGiB * GIB,
  freeRamBytes: ramGiB * 0.6 * GIB,
  gpu: { name: 'Test GPU', vramTotalBytes: (vramFreeGiB + 0.5) * GIB, vramFreeBytes: vramFreeGiB * GIB },
});

const model = ggufModel('m'); // 32 layers, embd 3072, 24 heads, 8 KV heads
const q4 = model.variants[1]!; // 2 GiB

describe('estimateFit, formula', () => {
  it('adds weights, f16 KV cache, compute buffers and runtime overhead', () => {
    const fit = estimateFit(model, q4, cpuOnly(16));
    const kv = 2 * 32 * 4096 * 8 * (3072 / 24) * 2;
    expect(kvCacheBytes(model.shape!, 4096)).toBe(kv); // 512 MiB
    const compute = COMPUTE_BASE_BYTES + 4096 * 3072 * 4;
    expect(fit).toMatchObject({ verdict: 'cpu', method: 'formula', contextSize: 4096, gpuLayers: 0, vramBytes: 0 });
    expect(fit.ramBytes).toBe(Math.round(2 * GIB + kv + compute + RUNTIME_OVERHEAD_BYTES));
    // 16 GiB keeps max(1.5 GiB, 15%) = 2.4 GiB for the OS.
    expect(fit.headroomBytes).toBe(Math.round(16 * GIB * 0.85 - fit.ramBytes));
  });

  it('uses min(model context, 4096) by default and caps a requested context at the model', () => {
    const short = ggufModel('s', { contextLength: 2048 });
    expect(estimateFit(short, short.variants[1]!, cpuOnly(16)).contextSize).toBe(2048);
    const capped = estimateFit(short, short.variants[1]!, cpuOnly(16), { contextSize: 100_000 });
    expect(capped.contextSize).toBe(2048);
    expect(capped.note).toMatch(/context capped/);
    const longer = estimateFit(model, q4, cpuOnly(16), { contextSize: 16384 });
    expect(longer.ramBytes).toBeGreaterThan(estimateFit(model, q4, cpuOnly(16)).ramBytes + 1.5 * GIB);
  });

  it('says gpu when everything fits in 90% of free VRAM', () => {
    const fit = estimateFit(model, q4, withGpu(16, 6));
    expect(fit).toMatchObject({ verdict: 'gpu', gpuLayers: 32, ramBytes: RUNTIME_OVERHEAD_BYTES });
    expect(fit.vramBytes).toBeLessThanOrEqual(6 * GIB * 0.9);
    expect(fit.vramBytes).toBeGreaterThan(2 * GIB + GPU_BACKEND_OVERHEAD_BYTES);
    expect(fit.headroomBytes).toBe(Math.round(6 * GIB - fit.vramBytes));
  });

  it('offloads part of the layers when only some fit, and counts them', () => {
    const fit = estimateFit(model, q4, withGpu(16, 2));
    expect(fit.verdict).toBe('partial');
    expect(fit.gpuLayers).toBeGreaterThanOrEqual(Math.ceil(32 * 0.2));
    expect(fit.gpuLayers).toBeLessThan(32);
    expect(fit.vramBytes).toBeLessThanOrEqual(2 * GIB * 0.9);
    expect(fit.ramBytes).toBeLessThan(estimateFit(model, q4, cpuOnly(16)).ramBytes);
  });

  it('falls back to cpu when under 20% of the layers would fit on the GPU', () => {
    const fit = estimateFit(model, q4, withGpu(16, 0.9));
    expect(fit).toMatchObject({ verdict: 'cpu', gpuLayers: 0, vramBytes: 0 });
  });

  it("says no when it doesn't fit anywhere, with negative headroom", () => {
    const fit = estimateFit(model, model.variants[3]!, cpuOnly(4));
    expect(fit.verdict).toBe('no');
    expect(fit.headroomBytes).toBeLessThan(0);
  });

  it('notes approximate sizes and a load larger than the RAM free now', () => {
    const approx = ggufModel('a');
    const variant = { ...approx.variants[1]!, files: [{ ...approx.variants[1]!.files[0]!, sizeVerified: false }] };
    const fit = estimateFit(approx, variant, cpuOnly(16, 1));
    expect(fit.note).toMatch(/approximate size/);
    expect(fit.note).toMatch(/is free now/);
  });
});

describe('estimateFit, other methods', () => {
  it("uses node-llama-cpp's insights when given", () => {
    const insights = { ramBytes: 1 * GIB, vramBytes: 3 * GIB, gpuLayers: 33, contextSize: 8192 };
    const fit = estimateFit(model, q4, withGpu(16, 8), { insights });
    expect(fit).toMatchObject({
      method: 'insights',
      verdict: 'gpu',
      ramBytes: GIB,
      vramBytes: 3 * GIB,
      gpuLayers: 33,
      contextSize: 8192,
    });
    const partial = estimateFit(model, q4, withGpu(16, 8), { insights: { ...insights, gpuLayers: 12 } });
    expect(partial.verdict).toBe('partial');
    const tooBig = estimateFit(model, q4, withGpu(16, 2), { insights });
    expect(tooBig).toMatchObject({ verdict: 'cpu', ramBytes: 4 * GIB, gpuLayers: 0 });
    expect(estimateFit(model, q4, cpuOnly(16), { insights }).verdict).toBe('cpu');
  });

  it('sizes ONNX embedding models by their files and keeps them on the CPU', () => {
    const onnx: CatalogModel = {
      ...ggufModel('e'),
      format: 'onnx',
      purposes: ['embedding'],
      shape: null,
      variants: [
        {
          id: 'e-int8',
          quantization: 'INT8',
          files: [
            {
              fileName: 'e.onnx',
              sizeBytes: 23 * MIB,
              sizeVerified: false,
              sha256: null,
              urls: ['https://huggingface.co/x/y/resolve/main/e.onnx'],
            },
            {
              fileName: 'e.tokenizer.json',
              sizeBytes: MIB,
              sizeVerified: true,
              sha256: null,
              urls: ['https://huggingface.co/x/y/resolve/main/t.json'],
            },
          ],
        },
      ],
    };
    const fit = estimateFit(onnx, onnx.variants[0]!, withGpu(8, 8));
    expect(fit).toMatchObject({ verdict: 'cpu', vramBytes: 0, gpuLayers: 0 });
    expect(fit.ramBytes).toBe(46 * MIB + 128 * MIB);
    expect(fit.note).toMatch(/embedding model/);
  });
});
