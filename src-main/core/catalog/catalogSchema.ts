/**
 * The on-disk shape of `resources/catalog.json`: the contract's CatalogModel made strict at every level, so a
 * typo'd key (or a stray comment field) is reported instead of silently dropped.
 */
import { z } from 'zod';
import { CatalogFile, CatalogModel, CatalogVariant } from '../../../src-preload/contract/catalog';

export const CATALOG_FORMAT_VERSION = 1;

const StrictFile = CatalogFile.strict();
const StrictVariant = CatalogVariant.extend({ files: z.array(StrictFile).min(1) }).strict();
const StrictShape = CatalogModel.shape.shape.unwrap().strict();

export const CatalogEntrySchema = CatalogModel.extend({
  license: CatalogModel.shape.license.strict(),
  shape: StrictShape.nullable(),
  variants: z.array(StrictVariant).min(1),
})
  .strict()
  .superRefine((model, ctx) => {
    if (model.format === 'gguf' && model.shape === null) {
      ctx.addIssue({ code: 'custom', path: ['shape'], message: 'GGUF models need a shape for the fit estimate' });
    }
    // A reranker is a kind of its own: an ONNX cross-encoder installed into rerankers/, never a chat model.
    if (model.purposes.includes('reranking') && (model.format !== 'onnx' || model.purposes.length !== 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['purposes'],
        message: "a 'reranking' model is ONNX and serves nothing else",
      });
    }
    if (model.shape !== null && model.shape.headCount % model.shape.headCountKv !== 0) {
      ctx.addIssue({ code: 'custom', path: ['shape'], message: 'headCount must be a multiple of headCountKv' });
    }
    const extension = model.format === 'gguf' ? '.gguf' : null;
    const seenIds = new Set<string>();
    const seenFiles = new Set<string>();
    model.variants.forEach((variant, variantIndex) => {
      if (seenIds.has(variant.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', variantIndex, 'id'],
          message: `duplicate variant id '${variant.id}'`,
        });
      }
      seenIds.add(variant.id);
      variant.files.forEach((file, fileIndex) => {
        const where = ['variants', variantIndex, 'files', fileIndex, 'fileName'];
        if (extension !== null && !file.fileName.toLowerCase().endsWith(extension)) {
          ctx.addIssue({
            code: 'custom',
            path: where,
            message: `a ${model.format} model file must end in ${extension}`,
          });
        }
        // Files of different variants may be shared (e.g. a tokenizer), but never listed twice in one variant.
        const key = `${variantIndex}/${file.fileName}`;
        if (seenFiles.has(key)) ctx.addIssue({ code: 'custom', path: where, message: 'file listed twice' });
        seenFiles.add(key);
      });
    });
  });

/** The file's outer layer; entries are validated one by one so a bad one can be skipped. */
export const CatalogDocumentSchema = z
  .object({
    formatVersion: z.literal(CATALOG_FORMAT_VERSION),
    models: z.array(z.unknown()),
  })
  .strict();
