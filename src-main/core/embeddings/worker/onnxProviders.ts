/** Which ONNX Runtime execution providers this install can register (shared by every ONNX model in the worker). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { OnnxProvider } from '../executionProviders';

/** Providers this onnxruntime-node install can register; CUDA only when its provider library is present. */
export function availableOnnxProviders(): OnnxProvider[] {
  const names = new Set<OnnxProvider>(['cpu']);
  for (const backend of ort.listSupportedBackends()) {
    const name = backend.name as OnnxProvider;
    if (name === 'dml' || name === 'coreml') names.add(name);
    if (name === 'cuda' && (backend.bundled || cudaLibraryPresent())) names.add('cuda');
  }
  return [...names];
}

function cudaLibraryPresent(): boolean {
  try {
    const binding = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = path.join(path.dirname(binding), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(path.join(dir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}
