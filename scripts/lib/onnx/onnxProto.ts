/**
 * Encodes ONNX ModelProto bytes with protobufjs and the onnx.proto subset beside this file. Keeps the graph
 * description plain data so the test-model generator reads like the network it builds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** A symbolic dimension ("batch") or a fixed size. */
export type Dim = string | number;

export interface ValueInfo {
  name: string;
  elemType: number;
  shape: Dim[];
}

export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface GraphNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
}

export interface OnnxGraph {
  name: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Initializer[];
  nodes: GraphNode[];
  opset: number;
  producer: string;
}

let modelType: protobuf.Type | null = null;

function loadModelType(): protobuf.Type {
  if (modelType) return modelType;
  const schema = readFileSync(fileURLToPath(new URL('./onnx.proto', import.meta.url)), 'utf8');
  modelType = protobuf.parse(schema, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

function valueInfo(info: ValueInfo) {
  return {
    name: info.name,
    type: {
      tensor_type: {
        elem_type: info.elemType,
        shape: { dim: info.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function initializer(init: Initializer) {
  const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
  return {
    name: init.name,
    dims: init.dims,
    data_type: init.data instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64,
    raw_data: bytes, // ONNX raw_data is little-endian, like every platform Outpost runs on
  };
}

function attribute(name: string, value: number | number[]) {
  return Array.isArray(value) ? { name, type: ATTRIBUTE_INTS, ints: value } : { name, type: ATTRIBUTE_INT, i: value };
}

export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const type = loadModelType();
  const message = {
    ir_version: 8,
    opset_import: [{ domain: '', version: graph.opset }],
    producer_name: graph.producer,
    producer_version: '1',
    graph: {
      name: graph.name,
      node: graph.nodes.map((node, index) => ({
        name: `${node.op.toLowerCase()}_${index}`,
        op_type: node.op,
        input: node.inputs,
        output: node.outputs,
        attribute: Object.entries(node.attributes ?? {}).map(([name, value]) => attribute(name, value)),
      })),
      initializer: graph.initializers.map(initializer),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  };
  const problem = type.verify(message);
  if (problem) throw new Error(`invalid ONNX model description: ${problem}`);
  return type.encode(type.fromObject(message)).finish();
}
