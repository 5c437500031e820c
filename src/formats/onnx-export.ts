/**
 * ONNX export (opset 13): each layer becomes the ONNX operator that computes
 * the same function in eval mode, encoded with onnx-proto (protobufjs and the
 * ONNX schema). The graph takes `input` of shape [N, ...inputShape] (N dynamic).
 * A classifier gives two outputs, `logits` (the last layer's scores) and
 * `probabilities` (their softmax, or their sigmoid for yes/no labels); a
 * regression model gives `predictions` (the identity of the last layer's
 * output). Weights are stored as float32.
 */
import onnxProto from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { BN_EPSILON, BatchNormalization } from '../layers/batch-normalization.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import { Flatten } from '../layers/flatten.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Tanh } from '../layers/tanh.js';
import type { Model } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';

const { onnx } = onnxProto; // a CommonJS package: its namespace comes through the default export
const OPSET = 13;

type Attr = { name: string } & ({ i: number } | { f: number } | { ints: number[] });

function attribute(a: Attr): O.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('ints' in a) return { name: a.name, type: T.INTS, ints: a.ints };
  if ('f' in a) return { name: a.name, type: T.FLOAT, f: a.f };
  return { name: a.name, type: T.INT, i: a.i };
}

function initializer(name: string, t: Tensor | Float32Array, dims: readonly number[]): O.ITensorProto {
  const data = t instanceof Float32Array ? t : Float32Array.from(t.data);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes };
}

function valueInfo(name: string, dims: readonly (number | string)[]): O.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/**
 * The model as ONNX protobuf bytes. Throws a ValueError naming the layer when
 * a layer has no ONNX equivalent.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, exportOnnx } from 'scratchnet';
 * const bytes = exportOnnx(new TwoLayerNet(784, 50, 10)); // run it with onnxruntime
 * ```
 */
export function exportOnnx(model: Model, options: { name?: string; producerVersion?: string } = {}): Uint8Array {
  const nodes: O.INodeProto[] = [];
  const inits: O.ITensorProto[] = [];
  let current = 'input';
  let rank = model.inputShape.length + 1; // with the batch axis
  let count = 0;
  const node = (opType: string, inputs: string[], attrs: Attr[] = [], layer = opType): string => {
    const output = `${layer}_out${count++}`;
    nodes.push({ opType, input: inputs, output: [output], name: `${layer}_${count}`, attribute: attrs.map(attribute) });
    return output;
  };
  for (const [name, layer] of model.layers) {
    if (layer instanceof Affine) {
      if (rank !== 2) current = node('Flatten', [current], [{ name: 'axis', i: 1 }], `${name}_flatten`);
      rank = 2;
      const { W, b } = layer.params;
      inits.push(initializer(`${name}.W`, W, W.shape), initializer(`${name}.b`, b, b.shape));
      current = node('Gemm', [current, `${name}.W`, `${name}.b`], [], name);
    } else if (layer instanceof Convolution) {
      const { W, b } = layer.params;
      inits.push(initializer(`${name}.W`, W, W.shape), initializer(`${name}.b`, b, b.shape));
      const p = layer.pad;
      current = node('Conv', [current, `${name}.W`, `${name}.b`], [
        { name: 'kernel_shape', ints: [W.shape[2]!, W.shape[3]!] },
        { name: 'strides', ints: [layer.stride, layer.stride] },
        { name: 'pads', ints: [p, p, p, p] },
      ], name);
    } else if (layer instanceof Pooling) {
      const p = layer.pad;
      current = node('MaxPool', [current], [
        { name: 'kernel_shape', ints: [layer.poolH, layer.poolW] },
        { name: 'strides', ints: [layer.stride, layer.stride] },
        { name: 'pads', ints: [p, p, p, p] },
      ], name);
    } else if (layer instanceof BatchNormalization) {
      const { gamma, beta } = layer.params;
      for (const [k, t] of [['scale', gamma], ['bias', beta], ['mean', layer.runningMean], ['var', layer.runningVar]] as const) inits.push(initializer(`${name}.${k}`, t, t.shape));
      current = node('BatchNormalization', [current, `${name}.scale`, `${name}.bias`, `${name}.mean`, `${name}.var`], [{ name: 'epsilon', f: BN_EPSILON }], name);
    } else if (layer instanceof Dropout) {
      // eval mode, the book's convention: y = x·(1 − ratio)
      inits.push(initializer(`${name}.keep`, new Float32Array([1 - layer.ratio]), []));
      current = node('Mul', [current, `${name}.keep`], [], name);
    } else if (layer instanceof Flatten) {
      current = node('Flatten', [current], [{ name: 'axis', i: 1 }], name);
      rank = 2;
    } else if (layer instanceof Relu || layer instanceof Sigmoid || layer instanceof Tanh) {
      current = node(layer.kind, [current], [], name);
    } else {
      throw new ValueError(`exportOnnx: layer ${name} (${layer.kind}) has no ONNX equivalent in scratchnet's exporter`);
    }
  }
  const dtype = Object.values(model.params)[0]?.dtype ?? 'float32';
  const outputs = model.predict(Tensor.zeros([1, ...model.inputShape], { dtype }), { train: false }).shape[1]!;
  let names: string[];
  if (model.lossName === 'mean-squared-error') {
    names = ['predictions'];
    nodes.push({ opType: 'Identity', input: [current], output: ['predictions'], name: 'predictions' });
  } else {
    names = ['logits', 'probabilities'];
    nodes.push({ opType: 'Identity', input: [current], output: ['logits'], name: 'logits' });
    if (model.lossName === 'sigmoid-cross-entropy') nodes.push({ opType: 'Sigmoid', input: ['logits'], output: ['probabilities'], name: 'probabilities' });
    else nodes.push({ opType: 'Softmax', input: ['logits'], output: ['probabilities'], name: 'probabilities', attribute: [attribute({ name: 'axis', i: 1 })] });
  }
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'scratchnet',
    producerVersion: options.producerVersion ?? '',
    graph: {
      name: options.name ?? String(model.config().model ?? 'scratchnet'),
      node: nodes,
      initializer: inits,
      input: [valueInfo('input', ['N', ...model.inputShape])],
      output: names.map((n) => valueInfo(n, ['N', outputs])),
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}
