import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  OutpostError,
  type CatalogModel,
  type CatalogVariant,
  type CatalogView,
  type Download,
  type InstalledModel,
} from '@contract';
import type { DownloadManager } from '../downloads/downloadManager';
import type { InferenceEngine } from '../inference/engine';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import type { ModelRegistry } from '../models/modelRegistry';
import type { Logger } from '../ports';
import { loadCatalog, type LoadedCatalog } from './catalogFile';
import type { CredentialStore } from './credentialStore';
import type { FitInsights } from './fitEstimate';
import { searchHuggingFace } from './hfSearch';
import { installModelPack, readModelPack } from './modelPack';
import { buildCatalogView } from './recommend';

export const HF_TOKEN = 'huggingface-token';
const HF_HOSTS = new Set(['huggingface.co', 'hf.co']);

export interface CatalogServiceDeps {
  catalogFile: string;
  embeddingsDir: string;
  /** Where reranker (cross-encoder) entries install, one folder per catalog model: the knowledge search finds them. */
  rerankersDir: string;
  registry: ModelRegistry;
  lifecycle: ModelLifecycle;
  engine: InferenceEngine;
  downloads: () => DownloadManager;
  credentials: CredentialStore;
  fetchImpl: typeof fetch;
  logger: Logger;
}

/** Authorization for Hugging Face hosts only; other mirrors never see the token. */
export function hfAuthHeader(url: string, token: string | null): string | null {
  if (!token) return null;
  try {
    return HF_HOSTS.has(new URL(url).hostname) ? `Bearer ${token}` : null;
  } catch {
    return null;
  }
}

export class CatalogService {
  private catalog: LoadedCatalog | null = null;

  constructor(private readonly d: CatalogServiceDeps) {}

  /** Loaded once: the shipped catalog can't change while the app runs. */
  private loaded(): LoadedCatalog {
    this.catalog ??= loadCatalog(this.d.catalogFile, this.d.logger);
    return this.catalog;
  }

  /**
   * The installed model a model reference means: an installed model id as is, or a catalog model id by its
   * downloaded variant files (first listed variant wins). Null when nothing usable is installed.
   */
  installedModelFor(ref: string): InstalledModel | null {
    const installed = this.d.registry.list().filter((m) => m.problem === null);
    const direct = installed.find((m) => m.id === ref);
    if (direct) return direct;
    const entry = this.loaded().models.find((m) => m.id === ref);
    if (!entry) return null;
    for (const variant of entry.variants) {
      for (const file of variant.files) {
        const match = installed.find((m) => m.fileName === file.fileName);
        if (match) return match;
      }
    }
    return null;
  }

  /** The installed model the catalog pairs as a draft for installed model `id` (both from the catalog), or null. */
  draftFor(id: string): string | null {
    const model = this.d.registry.list().find((m) => m.id === id);
    if (!model) return null;
    const entry = this.loaded().models.find((m) =>
      m.variants.some((v) => v.files.some((f) => f.fileName === model.fileName)),
    );
    if (!entry?.draftModelId) return null;
    return this.installedModelFor(entry.draftModelId)?.id ?? null;
  }

  async view(): Promise<CatalogView> {
    const { models, skipped } = this.loaded();
    const installed = this.d.registry.list().filter((m) => m.problem === null);
    const gpu = this.d.engine.status().gpu;
    return buildCatalogView({
      models,
      skipped,
      hardware: {
        totalRamBytes: os.totalmem(),
        freeRamBytes: os.freemem(),
        gpu: gpu
          ? {
              name: gpu.names.join(', ') || 'GPU',
              vramTotalBytes: gpu.vramTotalBytes,
              vramFreeBytes: gpu.vramFreeBytes,
            }
          : null,
      },
      installedFileNames: new Set([...installed.map((m) => m.fileName), ...this.onnxFilesOnDisk(models)]),
      insightsFor: await this.insightsForInstalled(installed),
    });
  }

  /** ONNX entries' files present in their install folder (they are not registered models). */
  private onnxFilesOnDisk(models: readonly CatalogModel[]): string[] {
    return models
      .filter((model) => model.format === 'onnx')
      .flatMap((model) =>
        model.variants.flatMap((variant) =>
          variant.files
            .filter((file) => existsSync(path.join(this.installDirOf(model), file.fileName)))
            .map((file) => file.fileName),
        ),
      );
  }

  /** GGUF into the models folder; ONNX into a folder of its own under embeddings/ or rerankers/, by kind. */
  private installDirOf(model: CatalogModel): string {
    if (model.format === 'gguf') return this.d.registry.modelsDir;
    const kindDir = model.purposes.includes('reranking') ? this.d.rerankersDir : this.d.embeddingsDir;
    return path.join(kindDir, model.id);
  }

  /** node-llama-cpp's estimate for catalog files already on disk, at their saved load options. */
  private async insightsForInstalled(installed: InstalledModel[]) {
    const known = new Set(
      this.loaded().models.flatMap((m) => m.variants.flatMap((v) => v.files.map((f) => f.fileName))),
    );
    const byFile = new Map<string, FitInsights>();
    for (const model of installed.filter((m) => known.has(m.fileName))) {
      try {
        const e = await this.d.lifecycle.estimate(model.id);
        byFile.set(model.fileName, {
          ramBytes: e.ramBytes,
          vramBytes: e.vramBytes,
          gpuLayers: e.gpuLayers,
          contextSize: e.contextSize,
        });
      } catch (error) {
        this.d.logger.warn('no insights estimate for an installed catalog model', {
          model: model.id,
          error: String(error),
        });
      }
    }
    return (fileName: string) => byFile.get(fileName);
  }

  private find(modelId: string, variantId: string): { model: CatalogModel; variant: CatalogVariant } {
    const model = this.loaded().models.find((m) => m.id === modelId);
    const variant = model?.variants.find((v) => v.id === variantId);
    if (!model || !variant) throw new OutpostError('not_found', `No catalog entry ${modelId} / ${variantId}`);
    return { model, variant };
  }

  /** One download per file of the variant, into the model's install folder (`installDirOf`). */
  startDownload(modelId: string, variantId: string): Download[] {
    const { model, variant } = this.find(modelId, variantId);
    const targetDir = this.installDirOf(model);
    return variant.files.map((file) =>
      this.d.downloads().start({
        modelId,
        variantId,
        file,
        destPath: path.join(targetDir, file.fileName),
        check: model.format === 'gguf' ? 'gguf' : 'none',
      }),
    );
  }

  /** Called by the download manager once a file is verified and in place. */
  async finalize(download: Download, verifiedPath: string): Promise<{ installedModelId: string | null }> {
    if (!verifiedPath.toLowerCase().endsWith('.gguf')) return { installedModelId: null };
    const model = await this.d.registry.registerDownloaded(verifiedPath);
    return { installedModelId: model.id };
  }

  search(query: string, signal: AbortSignal) {
    return searchHuggingFace(query, { fetchImpl: this.d.fetchImpl, token: this.d.credentials.get(HF_TOKEN), signal });
  }

  async importPack(
    packPath: string,
    signal: AbortSignal,
    onProgress: (file: string, done: number, total: number) => void,
  ) {
    const pack = await readModelPack(packPath, { signal, extractRoot: this.d.registry.modelsDir });
    try {
      return await installModelPack(pack, this.d.registry, { signal, onProgress });
    } finally {
      await pack.dispose();
    }
  }
}
