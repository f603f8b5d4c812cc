/**
 * How agents name models that are not on this machine: `node:<nodeId>/<model>` (the model id as the node lists
 * it, slashes allowed) and `pool:<poolId>`. Anything else is a local model id or a catalog id.
 */
export type ModelTarget =
  | { kind: 'local'; modelId: string }
  | { kind: 'node'; nodeId: string; model: string }
  | { kind: 'pool'; poolId: string };

const NODE_PREFIX = 'node:';
const POOL_PREFIX = 'pool:';

export function parseModelRef(ref: string): ModelTarget {
  if (ref.startsWith(NODE_PREFIX)) {
    const rest = ref.slice(NODE_PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash > 0 && slash < rest.length - 1)
      return { kind: 'node', nodeId: rest.slice(0, slash), model: rest.slice(slash + 1) };
  }
  if (ref.startsWith(POOL_PREFIX) && ref.length > POOL_PREFIX.length)
    return { kind: 'pool', poolId: ref.slice(POOL_PREFIX.length) };
  return { kind: 'local', modelId: ref };
}

export const nodeModelRef = (nodeId: string, model: string): string => `${NODE_PREFIX}${nodeId}/${model}`;
export const poolRef = (poolId: string): string => `${POOL_PREFIX}${poolId}`;

export function isRemoteRef(ref: string): boolean {
  return parseModelRef(ref).kind !== 'local';
}

/** A readable, stable id from a name: "GPU box (office)" → "gpu-box-office". */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'node';
}

/** "model on node" for people; pools and local ids as they are. */
export function describeRef(ref: string): string {
  const target = parseModelRef(ref);
  if (target.kind === 'node') return `${target.model} on ${target.nodeId}`;
  if (target.kind === 'pool') return `pool ${target.poolId}`;
  return ref;
}
