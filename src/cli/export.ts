import { basename } from 'node:path';
import { loadModel } from '../node/model-file.js';
import { exportOnnx } from '../formats/onnx-export.js';
import { exportPytorch } from '../formats/pytorch-export.js';
import { CliError, parse } from './args.js';
import { describeModel, out } from './common.js';
import { checkOutputFile, writeOutputs } from './outputs.js';

export const EXPORT_HELP = `Usage: scratchnet export --model FILE.safetensors [--onnx OUT.onnx] [--pytorch OUT.py]

Writes a saved model for other tools; give --onnx, --pytorch or both.

--onnx writes ONNX (opset 13) for ONNX Runtime and other tools: input "input"
of shape [N, ...] (N dynamic), outputs "logits" and "probabilities" (the
softmax of the logits). Dropout is exported as in eval mode (×(1 − ratio), the
book's convention), batch normalization with its running averages.

--pytorch writes a Python module for PyTorch: an nn.Module with the same layers
under PyTorch's names (nn.Linear, nn.Conv2d, nn.BatchNorm1d, ...) and
load(path), which reads the weights from the model file (keep it at hand):
  python3 -c "from net import load; print(load('model.safetensors'))"
Comments in the file say how to continue training (an optimizer, and loss_fn:
the model's loss, nn.CrossEntropyLoss on the logits for a classifier) and where
the book's conventions differ from PyTorch's (dropout, batch norm momentum and
epsilon, weight decay, the loss).

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --onnx FILE        where to write the .onnx file
  --pytorch FILE     where to write the .py file
  --debug            show stack traces on errors
  -h, --help         show this help
`;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function exportCommand(argv: readonly string[]): void {
  const f = parse('export', argv, { model: 'string', onnx: 'string', pytorch: 'string', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(EXPORT_HELP);
    return;
  }
  const file = f.str('model');
  const onnx = f.str('onnx');
  const pytorch = f.str('pytorch');
  if (file === undefined || (onnx === undefined && pytorch === undefined)) {
    throw new CliError('export needs --model FILE.safetensors and --onnx OUT.onnx, --pytorch OUT.py or both');
  }
  if (onnx !== undefined && onnx === pytorch) throw new CliError(`--onnx and --pytorch both name ${onnx}; give each its own file`);
  if (onnx !== undefined) checkOutputFile('onnx', onnx);
  if (pytorch !== undefined) checkOutputFile('pytorch', pytorch);
  const model = loadModel(file);
  const about = describeModel(model);
  const files: { path: string; bytes: Uint8Array; done: string }[] = [];
  if (onnx !== undefined) {
    const bytes = exportOnnx(model, { name: about });
    files.push({ path: onnx, bytes, done: `wrote ${onnx} (${about}, ${bytes.length} bytes): input "input" [N, ${model.inputShape.join(', ')}], outputs "logits" and "probabilities"` });
  }
  if (pytorch !== undefined) {
    const name = basename(pytorch).replace(/\.py$/, '');
    const source = exportPytorch(model, { weightsFile: file, ...(IDENTIFIER.test(name) ? { moduleName: name } : {}) });
    const className = /^class (\w+)\(nn\.Module\)/m.exec(source)?.[1] ?? 'the module';
    files.push({ path: pytorch, bytes: new TextEncoder().encode(source), done: `wrote ${pytorch} (${about}): class ${className}(nn.Module), load(${JSON.stringify(file)}) reads the weights` });
  }
  writeOutputs(files);
  for (const { done } of files) out(done);
}
