import { loadModel } from '../node/model-file.js';
import { exportOnnx } from '../formats/onnx-export.js';
import { CliError, parse } from './args.js';
import { describeModel, out } from './common.js';
import { checkOutputFile, writeOutputs } from './outputs.js';

export const EXPORT_HELP = `Usage: scratchnet export --model FILE.safetensors --onnx OUT.onnx

Writes the model as ONNX (opset 13) for ONNX Runtime and other tools: input
"input" of shape [N, ...] (N dynamic), outputs "logits" and "probabilities"
(the softmax of the logits). Dropout is exported as in eval mode (×(1 − ratio),
the book's convention), batch normalization with its running averages.

Options:
  --model FILE       a .safetensors file written by scratchnet train
  --onnx FILE        where to write the .onnx file
  --debug            show stack traces on errors
  -h, --help         show this help
`;

export function exportCommand(argv: readonly string[]): void {
  const f = parse('export', argv, { model: 'string', onnx: 'string', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(EXPORT_HELP);
    return;
  }
  const file = f.str('model');
  const target = f.str('onnx');
  if (file === undefined || target === undefined) throw new CliError('export needs --model FILE.safetensors and --onnx OUT.onnx');
  checkOutputFile('onnx', target);
  const model = loadModel(file);
  const bytes = exportOnnx(model, { name: describeModel(model) });
  writeOutputs([{ path: target, bytes }]);
  out(`wrote ${target} (${describeModel(model)}, ${bytes.length} bytes): input "input" [N, ${model.inputShape.join(', ')}], outputs "logits" and "probabilities"`);
}
