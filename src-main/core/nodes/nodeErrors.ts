/** Turns what the OpenAI client throws into Outpost's typed errors, and says whether another node could do better. */
import { OutpostError } from '@contract';

export interface NodeRef {
  id: string;
  name: string;
}

export interface ClassifiedError {
  error: OutpostError;
  /** The node itself is at fault (unreachable, 5xx, broken stream): counts against its breaker, pools fail over. */
  nodeFault: boolean;
}

interface ClientErrorShape {
  status?: unknown;
  message?: unknown;
  cause?: unknown;
}

export function nodeUnavailable(node: NodeRef, reason: string, extra: Record<string, unknown> = {}): OutpostError {
  return new OutpostError('node_unavailable', `Node "${node.name}" is unavailable: ${reason}`, {
    nodeId: node.id,
    nodeName: node.name,
    reason,
    ...extra,
  });
}

export function classifyNodeError(node: NodeRef, error: unknown): ClassifiedError {
  if (error instanceof OutpostError) {
    // The guard's refusal (offline mode) or one of ours: not the node's fault.
    return { error, nodeFault: error.code === 'node_unavailable' };
  }
  const e = (error ?? {}) as ClientErrorShape;
  if (e.cause instanceof OutpostError) return { error: e.cause, nodeFault: false };
  const status = typeof e.status === 'number' ? e.status : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (status === 401 || status === 403) {
    return {
      error: new OutpostError('unauthorized', `Node "${node.name}" refused the API key (${status}): ${message}`, {
        nodeId: node.id,
        status,
      }),
      nodeFault: false,
    };
  }
  if (status === 404) {
    return {
      error: new OutpostError('not_found', `Node "${node.name}" does not have that model: ${message}`, {
        nodeId: node.id,
        status,
      }),
      nodeFault: false,
    };
  }
  if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return {
      error: new OutpostError('bad_request', `Node "${node.name}" rejected the request (${status}): ${message}`, {
        nodeId: node.id,
        status,
      }),
      nodeFault: false,
    };
  }
  const reason = status !== null ? `it answered ${status} (${message})` : describeTransport(message);
  return { error: nodeUnavailable(node, reason, { status }), nodeFault: true };
}

function describeTransport(message: string): string {
  if (/ECONNREFUSED|Connection error/i.test(message)) return `the connection failed (${message})`;
  if (/timed? ?out/i.test(message)) return `it did not answer in time (${message})`;
  if (/JSON|Unexpected token|parse/i.test(message)) return `its stream was malformed (${message})`;
  return message;
}
