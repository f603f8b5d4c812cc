/** How the renderer names a model ref: `node:<nodeId>/<model>` → "model on nodeId", `pool:<id>` → "pool id". */
export interface DescribedModel {
  model: string;
  node: string | null;
  pool: string | null;
}

export function describeModelRef(ref: string): DescribedModel {
  if (ref.startsWith('node:')) {
    const rest = ref.slice('node:'.length);
    const slash = rest.indexOf('/');
    if (slash > 0) return { model: rest.slice(slash + 1), node: rest.slice(0, slash), pool: null };
  }
  if (ref.startsWith('pool:')) return { model: ref, node: null, pool: ref.slice('pool:'.length) };
  return { model: ref, node: null, pool: null };
}

/** "answered by qwen2.5-7b on gpu-box" for a node's reply; just the model id for a local one. */
export function answeredByText(ref: string): string {
  const d = describeModelRef(ref);
  if (d.node) return `answered by ${d.model} on ${d.node}`;
  if (d.pool) return `pool ${d.pool}`;
  return ref;
}
