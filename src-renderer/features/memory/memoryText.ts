/** Words for the memory inspector. */
export const PROVIDER_LABELS: Record<string, string> = {
  auto: 'Automatic (best available)',
  cpu: 'CPU',
  dml: 'DirectML (Windows GPU)',
  coreml: 'CoreML (Apple)',
  cuda: 'CUDA (NVIDIA)',
};

export function providerLabel(id: string): string {
  if (id === 'llama-cpu') return 'llama.cpp on the CPU';
  if (id === 'llama-gpu') return 'llama.cpp on the GPU';
  return PROVIDER_LABELS[id] ?? id;
}

/** "agent:helper/conversation:abc" → "helper"; "user" → "added by you". */
export function sourceLabel(source: string): string {
  if (source === 'user') return 'added by you';
  if (source === 'import') return 'imported';
  const agent = /^agent:([^/]+)/.exec(source)?.[1];
  return agent ? `remembered by ${agent}` : source;
}
