/** A loopback model server and a catalog.json naming one GGUF file on it, for download fault tests. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { catalogDocument, ggufModel } from '../../../src-main/core/catalog/testing/catalogFixtures';
import { FakeModelServer, type FileBehaviour } from '../../../src-main/core/downloads/testing/fakeModelServer';
import { makeTestModel } from '../../test-model/make-test-model';

export interface ServedModel {
  server: FakeModelServer;
  catalogFile: string;
  body: Buffer;
  sha256: string;
  urlPath: string;
  fileName: string;
  modelId: string;
  variantId: string;
}

/** A real tiny GGUF padded with tensor-like bytes to `sizeBytes`, so it passes the header check when whole. */
export async function serveModel(dir: string, sizeBytes: number, behaviour: FileBehaviour): Promise<ServedModel> {
  const base = fs.readFileSync(await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 21 }));
  const body = Buffer.concat([base, Buffer.alloc(Math.max(0, sizeBytes - base.length), 0x11)]);
  const server = await FakeModelServer.start();
  const fileName = 'fault-model.gguf';
  const urlPath = `/files/${fileName}`;
  const url = server.serve(urlPath, body, behaviour);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const model = ggufModel('fault-model');
  const variant = {
    ...model.variants[0]!,
    files: [{ fileName, sizeBytes: body.length, sizeVerified: true, sha256, urls: [url] }],
  };
  const catalogFile = path.join(dir, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalogDocument([{ ...model, variants: [variant] }])));
  return { server, catalogFile, body, sha256, urlPath, fileName, modelId: model.id, variantId: variant.id };
}
