/**
 * PyTorch export: the model as the text of a Python module holding an nn.Module whose layers
 * are ours under PyTorch's names, with a load(path) that reads our .safetensors file. Each layer
 * kind has one entry in LAYERS and each loss layer one in LOSSES; an entry says which module
 * computes the layer, which book tensor each PyTorch tensor holds, and where the two conventions
 * differ. The forward gives what `predict` gives (the logits of a classifier), in train and eval mode alike.
 */
import { ValueError } from '../errors/index.js';
import { Affine } from '../layers/affine.js';
import { BN_EPSILON, BatchNormalization } from '../layers/batch-normalization.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import { Pooling } from '../layers/pooling.js';
import { MODEL_KINDS, describeModel } from '../models/kinds.js';
import type { Model } from '../models/model.js';
import { DEFAULT_LR } from '../optimizers/index.js';
import { Tensor } from '../tensor/tensor.js';
import { PY_METHODS, PY_READER } from './pytorch-support.js';

/** One layer in PyTorch: its module, the book tensor behind each PyTorch tensor, and the forward line. */
interface Translation {
  /** The module's constructor, e.g. `nn.Linear(784, 50)`. */
  readonly module: string;
  /** PyTorch tensor name (`weight`) → the layer's own key (`W`) and whether it is stored transposed. */
  readonly tensors?: readonly { readonly torch: string; readonly key: string; readonly transposed?: boolean }[];
  /** The forward line's right-hand side from the module's attribute, default `self.attr(x)`. */
  readonly call?: (self: string) => string;
  /** The rank of the output (batch axis included), when the layer changes it. */
  readonly rank?: number;
}

/** What a layer's translation knows: its name and the rank of its input. */
interface Context {
  readonly name: string;
  readonly rank: number;
}

/** A layer kind: how to translate one, and (once per file) where the book and PyTorch differ. */
interface LayerEntry {
  translate(layer: Layer, ctx: Context): Translation;
  readonly convention?: string;
}

const py = (v: number): string => {
  if (!Number.isFinite(v)) throw new ValueError(`exportPytorch: ${v} has no Python literal`);
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential() : String(v);
};
const size = (h: number, w: number): string => (h === w ? py(h) : `(${py(h)}, ${py(w)})`);
const asKind = <T>(type: new (...a: never[]) => T, layer: Layer, name: string): T => {
  if (!(layer instanceof type)) throw new ValueError(`exportPytorch: layer ${name} says it is a ${layer.kind} but is not one`);
  return layer;
};
const simple = (module: string): LayerEntry => ({ translate: () => ({ module }) });

const LAYERS: Readonly<Record<string, LayerEntry>> = {
  Affine: {
    translate: (layer, { name, rank }) => {
      const { W } = asKind(Affine, layer, name).params;
      return {
        module: `nn.Linear(${W.shape[0]}, ${W.shape[1]})`,
        tensors: [{ torch: 'weight', key: 'W', transposed: true }, { torch: 'bias', key: 'b' }],
        // the book's Affine reshapes (N, C, H, W) input to (N, C·H·W) itself
        ...(rank !== 2 ? { call: (self: string) => `${self}(torch.flatten(x, 1))` } : {}),
        rank: 2,
      };
    },
    convention: 'Affine is nn.Linear: the book computes x·W + b with W of shape (D, M); nn.Linear holds weight = Wᵀ of shape (M, D). load() transposes.',
  },
  Convolution: {
    translate: (layer, { name }) => {
      const conv = asKind(Convolution, layer, name);
      const [FN, C, FH, FW] = conv.params.W.shape as [number, number, number, number];
      return {
        module: `nn.Conv2d(${C}, ${FN}, kernel_size=${size(FH, FW)}, stride=${py(conv.stride)}, padding=${py(conv.pad)})`,
        tensors: [{ torch: 'weight', key: 'W' }, { torch: 'bias', key: 'b' }],
      };
    },
    convention: "Convolution is nn.Conv2d: the book's filters W (FN, C, FH, FW) are PyTorch's weight layout as they are; both pad with zeros.",
  },
  Pooling: {
    translate: (layer, { name }) => {
      const pool = asKind(Pooling, layer, name);
      if (2 * pool.pad > Math.min(pool.poolH, pool.poolW)) {
        throw new ValueError(`exportPytorch: layer ${name} (Pooling ${pool.poolH}×${pool.poolW}, pad ${pool.pad}) cannot be expressed: PyTorch's MaxPool2d takes a pad of at most half the window (${Math.floor(Math.min(pool.poolH, pool.poolW) / 2)} here); use a smaller pad or export to ONNX`);
      }
      return { module: `nn.MaxPool2d(kernel_size=${size(pool.poolH, pool.poolW)}, stride=${py(pool.stride)}, padding=${py(pool.pad)})` };
    },
    convention: 'Pooling is nn.MaxPool2d: in both, padding is never the maximum.',
  },
  BatchNormalization: {
    translate: (layer, { name, rank }) => {
      const bn = asKind(BatchNormalization, layer, name);
      if (rank !== 2 && rank !== 4) throw new ValueError(`exportPytorch: layer ${name} (BatchNormalization) takes input of rank ${rank}; PyTorch export knows (N, D) and (N, C, H, W)`);
      return {
        module: `nn.BatchNorm${rank === 2 ? '1d' : '2d'}(${bn.params.gamma.shape[0]}, eps=${py(BN_EPSILON)}, momentum=1 - ${py(bn.momentum)})`,
        tensors: [{ torch: 'weight', key: 'gamma' }, { torch: 'bias', key: 'beta' }, { torch: 'running_mean', key: 'running_mean' }, { torch: 'running_var', key: 'running_var' }],
      };
    },
    convention: `BatchNormalization is nn.BatchNorm1d after a Linear and nn.BatchNorm2d (per channel) after a Conv2d, with our eps ${py(BN_EPSILON)}. Ours keeps momentum·(running average) + (1 − momentum)·(batch statistic); PyTorch's momentum is the batch's share, so momentum=1 − ours. In training PyTorch adds the unbiased batch variance (×N/(N − 1)) to running_var where the book adds the biased one; both normalize with the biased one, so outputs and gradients agree.`,
  },
  Dropout: {
    translate: (layer, { name }) => ({
      module: `nn.Dropout(p=${py(asKind(Dropout, layer, name).ratio)})`,
      call: (self) => `${self}(x) * (1 - ${self}.p)  # the book's dropout in both modes`,
    }),
    convention: "Dropout: the book keeps each value with probability 1 − ratio unscaled in training and multiplies all by 1 − ratio at evaluation; nn.Dropout scales kept values by 1/(1 − p) in training and passes all at evaluation. forward multiplies nn.Dropout's output by (1 − p), which gives the book's outputs in both modes.",
  },
  Flatten: { translate: () => ({ module: 'nn.Flatten()', rank: 2 }) },
  Relu: simple('nn.ReLU()'),
  Sigmoid: simple('nn.Sigmoid()'),
  Tanh: simple('nn.Tanh()'),
};

/** A loss layer: what the forward's result is called, the Python that defines `loss_fn(result, targets)`, the targets it takes, what turns the result into answers, and the convention. */
interface LossEntry {
  readonly output: string;
  readonly define: string;
  readonly targets: string;
  readonly answers?: string;
  readonly convention: string;
}

const LOSSES: Readonly<Record<string, LossEntry>> = {
  SoftmaxWithLoss: {
    output: 'logits',
    define: 'loss_fn = nn.CrossEntropyLoss()',
    targets: 'class indices, int64',
    answers: 'probabilities = torch.softmax(logits, dim=1)',
    convention: 'The loss: our SoftmaxWithLoss (softmax, then the mean cross-entropy over the batch) is nn.CrossEntropyLoss on the logits (loss_fn below); forward stops at the logits, as our predict does.',
  },
  IdentityWithLoss: {
    output: 'outputs',
    define: `def loss_fn(outputs, targets):
    return nn.functional.mse_loss(outputs, targets, reduction='sum') / (2 * len(outputs))`,
    targets: "numbers of the outputs' shape [N, outputs], float",
    convention: "The loss: our IdentityWithLoss is the book's sum of squares averaged over the batch, (1/N)·Σ ½‖y − t‖² (loss_fn below); nn.MSELoss() averages (y − t)² over every value instead, which is 2/M of ours for M outputs: the same minimum, another step size.",
  },
  SigmoidWithLoss: {
    output: 'logits',
    define: `def loss_fn(logits, targets):
    return nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction='sum') / len(logits)`,
    targets: '0 (no) or 1 (yes) per column [N, labels], float',
    answers: 'probabilities = torch.sigmoid(logits)  # of yes, per column',
    convention: 'The loss: our SigmoidWithLoss (sigmoid, then the binary cross-entropy summed over the columns and averaged over the batch) is loss_fn below; nn.BCEWithLogitsLoss() averages over the columns too: the same for one column, 1/K of ours for K columns.',
  },
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');
/** Text as comment lines of at most 100 characters; `first` starts the first line, `more` the others. */
const wrap = (text: string, first = '# ', more = '# '): string => {
  const lines: string[] = [];
  let line = first;
  for (const word of oneLine(text).split(' ')) {
    if (line.length + word.length > 100 && line.trim() !== first.trim()) {
      lines.push(line.trimEnd());
      line = more;
    }
    line += `${word} `;
  }
  return [...lines, line.trimEnd()].join('\n');
};

/** Options of {@link exportPytorch}. */
export interface PytorchExportOptions {
  /** The nn.Module's class name (default: the model's class, e.g. `TwoLayerNet`). */
  readonly className?: string;
  /** The model file load() reads by default (default `model.safetensors`). */
  readonly weightsFile?: string;
  /** The name the usage example imports this file by (default `net`, for net.py). */
  readonly moduleName?: string;
}

/**
 * The model as the text of a Python module for PyTorch: an nn.Module mirroring our layers, a
 * `load(path)` for our .safetensors file, and comments on continuing training. Throws a
 * ValueError naming the layer when a layer has no PyTorch translation.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, exportPytorch } from 'scratchnet';
 * const source = exportPytorch(new TwoLayerNet(784, 50, 10)); // write it to net.py; net = load('model.safetensors')
 * ```
 */
export function exportPytorch(model: Model, options: PytorchExportOptions = {}): string {
  const className = options.className ?? (IDENTIFIER.test(model.constructor.name) ? model.constructor.name : 'Net');
  if (!IDENTIFIER.test(className)) throw new ValueError(`exportPytorch: className must be a Python identifier, got ${JSON.stringify(className)}`);
  const weightsFile = options.weightsFile ?? 'model.safetensors';
  const moduleName = options.moduleName ?? 'net';
  if (!IDENTIFIER.test(moduleName)) throw new ValueError(`exportPytorch: moduleName must be a Python identifier, got ${JSON.stringify(moduleName)}`);
  const loss = LOSSES[model.lastLayer.kind];
  if (loss === undefined) throw new ValueError(`exportPytorch: the loss layer ${model.lastLayer.kind} has no PyTorch translation; known: ${Object.keys(LOSSES).join(', ')}`);
  const bookName = new Map<Tensor, string>([...Object.entries(model.params), ...Object.entries(model.buffers)].map(([k, t]) => [t, k]));
  const init: string[] = [];
  const forward: string[] = [];
  const bookNames: string[] = [];
  const weights: string[] = [];
  const conventions = new Set<string>();
  const attrs = new Set<string>();
  const held = new Set<string>();
  let rank = model.inputShape.length + 1;
  for (const [name, layer] of model.layers) {
    const entry = LAYERS[layer.kind];
    if (entry === undefined) throw new ValueError(`exportPytorch: layer ${name} (${layer.kind}) has no PyTorch translation; known: ${Object.keys(LAYERS).join(', ')}`);
    const t = entry.translate(layer, { name, rank });
    const attr = snake(name);
    if (!IDENTIFIER.test(attr) || attrs.has(attr)) throw new ValueError(`exportPytorch: layer ${name} gives the attribute name ${attr}, which is not a new Python identifier`);
    attrs.add(attr);
    const comments = (t.tensors ?? []).map(({ torch, key, transposed }) => {
      const tensor = layer.params[key] ?? layer.buffers?.[key];
      const book = tensor === undefined ? undefined : bookName.get(tensor);
      if (book === undefined) throw new ValueError(`exportPytorch: layer ${name} (${layer.kind}): its ${key} is not among the model's parameters and buffers`);
      bookNames.push(`    ('${attr}.${torch}', '${book}', ${transposed ? 'True' : 'False'}),`);
      held.add(book);
      if (key === 'W') weights.push(`'${attr}.${torch}'`);
      return `${torch}: ${book}${transposed ? ` (${tensor!.shape.join(', ')}) transposed` : ''}`;
    });
    init.push(`        self.${attr} = ${t.module}${comments.length > 0 ? `  # ${comments.join(', ')}` : ''}`);
    forward.push(`        x = ${t.call ? t.call(`self.${attr}`) : `self.${attr}(x)`}`);
    if (entry.convention) conventions.add(entry.convention);
    rank = t.rank ?? rank;
  }
  const left = [...bookName.values()].filter((k) => !held.has(k));
  if (left.length > 0) throw new ValueError(`exportPytorch: ${left.join(', ')} would be left out: no layer's translation holds ${left.length > 1 ? 'them' : 'it'}`);
  conventions.add(loss.convention);
  const decay = (model as { weightDecay?: unknown }).weightDecay;
  const lambda = typeof decay === 'number' ? decay : 0;
  if (lambda > 0) conventions.add(`Weight decay: the book adds ½·λ·Σ‖W‖² to the loss (λ = ${py(lambda)}) for the weights W only; parameter_groups() gives an optimizer weight_decay=λ on those and 0 elsewhere: the same update, while the loss PyTorch reports leaves out the ½·λ·Σ‖W‖².`);
  const dtype = Object.values(model.params)[0]?.dtype ?? 'float32';
  const classes = model.predict(Tensor.zeros([1, ...model.inputShape], { dtype }), { train: false }).shape[1]!;
  const training = MODEL_KINDS.get(String(model.config().model))?.training ?? { optimizer: 'sgd' as const };
  const lr = training.lr ?? DEFAULT_LR[training.optimizer];
  const input = `[N, ${model.inputShape.join(', ')}]`;
  const file = JSON.stringify(weightsFile);
  return `${wrap(`${describeModel(model)}, exported from scratchnet ("Deep Learning from Scratch"): an nn.Module with the book's layers under PyTorch's names, and load() for our .safetensors file. Needs torch and numpy.`)}
#
# Use it:
#     from ${moduleName} import load, loss_fn
#     net = load(${file})  # our weights and running averages, in eval mode
#     ${loss.output} = net(x)  # x: ${dtype} ${input}, prepared as for training
${loss.answers === undefined ? '' : `#     ${loss.answers}\n`}#
# Continue training:
#     # loss_fn(${loss.output}, targets) is our loss; targets: ${loss.targets}
#     optimizer = torch.optim.${training.optimizer === 'adam' ? 'Adam' : 'SGD'}(net.parameter_groups(), lr=${py(lr)})  # any torch.optim optimizer
#     net.train()
#     for x, t in batches:
#         optimizer.zero_grad()
#         loss_fn(net(x), t).backward()
#         optimizer.step()
#     net.eval()  # before evaluating
#     torch.save(net.state_dict(), 'net.pt')
# On a GPU: net.to('cuda'), and each batch too. On several GPUs or machines: wrap the net in
# torch.nn.parallel.DistributedDataParallel and start the script with torchrun.
#
# Where the book and PyTorch differ, and what this file does about it:
${[...conventions].map((c) => wrap(c, '# - ', '#   ')).join('\n')}

import json
import math
import struct

import numpy as np
import torch
from torch import nn

# Each PyTorch tensor, the book's tensor it holds, and whether it holds the transpose.
BOOK_NAMES = [
${bookNames.join('\n')}
]
# The book's weights W, which its weight decay applies to.
WEIGHTS = {${weights.join(', ')}}


# Our ${model.lastLayer.kind}, on the ${loss.output}.
${loss.define}


class ${className}(nn.Module):
    """${oneLine(describeModel(model)).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}: ${loss.output} [N, ${classes}] for inputs ${input}."""

    weight_decay = ${py(lambda)}  # the book's λ

    def __init__(self):
        super().__init__()
${init.join('\n')}
        self.to(torch.${dtype})

    def forward(self, x):
${forward.join('\n')}
        return x
${PY_METHODS}

def load(path=${file}):
    """A ${className} with the tensors of our .safetensors file, in eval mode."""
    return ${className}().load_safetensors(path).eval()

${PY_READER}

if __name__ == '__main__':
    import sys
    print(load(*sys.argv[1:2]))
`;
}
