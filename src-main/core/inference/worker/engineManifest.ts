/**
 * The manifest scripts/build-engine.ts writes beside Outpost's patched llama-addon.node. The release's package
 * check reads it to refuse a stock engine; the inference worker reads it to say which engine is running.
 */
import { z } from 'zod';

export const ENGINE_MANIFEST = 'outpost-engine.json';

export const EngineManifest = z.object({
  engine: z.literal('outpost-patched'),
  nodeLlamaCpp: z.string(),
  patches: z.array(z.string()).min(1),
  gpu: z.enum(['cpu', 'cuda', 'vulkan', 'metal']),
  portable: z.boolean(),
});
export type EngineManifest = z.infer<typeof EngineManifest>;
