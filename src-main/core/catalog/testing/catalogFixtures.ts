/** Small, valid catalog entries for tests; tweak a copy to make an invalid one. */
import type { CatalogModel } from '../../../../src-preload/contract/catalog';

const GIB = 1024 ** 3;

export function ggufModel(id: string, overrides: Partial<CatalogModel> = {}): CatalogModel {
  const quant = (quantization: 'Q2_K' | 'Q4_K_M' | 'Q5_K_M' | 'Q8_0', gib: number) => ({
    id: `${id}-${quantization.toLowerCase()}`,
    quantization,
    files: [
      {
        fileName: `${id}-${quantization}.gguf`,
        sizeBytes: Math.round(gib * GIB),
        sizeVerified: true,
        sha256: null,
        urls: [`https://huggingface.co/test/${id}/resolve/main/${id}-${quantization}.gguf`],
      },
    ],
  });
  return {
    id,
    name: `Model ${id}`,
    publisher: 'Test',
    description: 'A test model',
    format: 'gguf',
    purposes: ['chat'],
    license: { id: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    parameterCountB: 3,
    contextLength: 32768,
    toolCalling: true,
    shape: { layers: 32, embeddingLength: 3072, headCount: 24, headCountKv: 8 },
    homepage: `https://huggingface.co/test/${id}`,
    variants: [quant('Q2_K', 1.2), quant('Q4_K_M', 2), quant('Q5_K_M', 2.4), quant('Q8_0', 3.5)],
    ...overrides,
  };
}

export function catalogDocument(models: unknown[]): unknown {
  return { formatVersion: 1, models };
}
