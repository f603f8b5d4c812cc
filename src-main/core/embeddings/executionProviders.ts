/**
 * Which ONNX Runtime execution provider to try first: DirectML on Windows, CoreML on macOS, CUDA where its
 * provider library is installed, the CPU always last. A user override goes first; the CPU stays the fallback.
 */
import type { ExecutionProvider, ExecutionProviderPreference } from './protocol';

export type OnnxProvider = Extract<ExecutionProvider, 'cpu' | 'dml' | 'coreml' | 'cuda'>;

export interface ProviderEnvironment {
  platform: NodeJS.Platform;
  /** Providers this onnxruntime-node build can register (bundled or installed). */
  available: readonly OnnxProvider[];
}

export function providerOrder(preference: ExecutionProviderPreference, env: ProviderEnvironment): OnnxProvider[] {
  const platformFirst: OnnxProvider[] =
    env.platform === 'win32' ? ['dml', 'cuda'] : env.platform === 'darwin' ? ['coreml'] : ['cuda'];
  const wanted = preference === 'auto' ? platformFirst : [preference];
  const order = wanted.filter((p) => p !== 'cpu' && env.available.includes(p));
  return [...order, 'cpu'];
}
