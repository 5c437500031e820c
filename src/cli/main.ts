import '../node/backend-setup.js'; // the fast kernels (native or WebAssembly, threads) for the command line too
import { readFileSync } from 'node:fs';
import { BACKEND_NAMES, setBackend, type BackendName } from '../backend/index.js';
import { ScratchnetError } from '../errors/index.js';
import { CliError } from './args.js';
import { convertCommand } from './convert.js';
import { buildNativeCommand } from './build-native.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { generateCommand } from './generate.js';
import { infoCommand } from './info.js';
import { predictCommand } from './predict.js';
import { trainCommand } from './train.js';
import { fileSystemMessage } from './outputs.js';
import { ExitRequest } from './train-run.js';

const HELP = `Usage: scratchnet <command> [options]

Neural networks with readable backpropagation, as in "Deep Learning from Scratch".

Commands:
  train      train a network on MNIST (the book's chapter-5 run) or on your own
             data (a CSV table, an .npz archive, class folders of images), or a
             language model or seq2seq model of the book's second volume, and save it
  eval       a saved model's accuracy and confusion matrix, its regression errors,
             a seq2seq model's exact-match accuracy or a language model's perplexity
  predict    a saved model's answers: digits in photos, class names and values
             for rows of your own data and images, or a seq2seq model's answers
  generate   sample a text from a language model (rnnlm, better-rnnlm)
  export     write a saved model as ONNX or as a PyTorch module
  convert    turn a weight file of the book's code (.pkl) into a model file
  info       the kernels in use here (backend, instruction set, threads)
  build-native   compile the native kernels (needs a C compiler)

Run 'scratchnet help <command>' (or 'scratchnet <command> --help') for a command's options.
Options: --version, -h/--help, --debug on any command for stack traces, and
--backend native|wasm|reference on any command to choose the kernels.
`;

const COMMANDS: Record<string, (argv: readonly string[]) => void | Promise<void>> = {
  train: trainCommand,
  eval: evalCommand,
  predict: predictCommand,
  generate: generateCommand,
  export: exportCommand,
  convert: convertCommand,
  info: infoCommand,
  'build-native': buildNativeCommand,
};

/** Takes `--backend NAME` (or `--backend=NAME`), a global option, out of argv and installs that backend. */
function takeBackend(argv: readonly string[]): readonly string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== '--backend' && !a.startsWith('--backend=')) {
      rest.push(a);
      continue;
    }
    const name = a === '--backend' ? argv[++i] : a.slice('--backend='.length);
    if (name === undefined || !BACKEND_NAMES.includes(name)) throw new CliError(`--backend must be one of native, wasm, reference, got ${name === undefined ? 'nothing' : `'${name}'`}`);
    setBackend(name as BackendName);
  }
  return rest;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI; returns the exit code. User errors print one `error: ...` line (a stack trace only with --debug). */
export async function main(argv: readonly string[]): Promise<number> {
  // `scratchnet ... | head`: a closed pipe ends the command quietly instead of with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const debug = argv.includes('--debug');
  try {
    const [command, ...rest] = takeBackend(argv);
    if (command === 'help' && rest[0] !== undefined && !rest[0].startsWith('-')) {
      const topic = COMMANDS[rest[0]];
      if (topic === undefined) throw new CliError(`no help for '${rest[0]}': not a command (commands: ${Object.keys(COMMANDS).join(', ')})`);
      await topic(['--help']);
      return 0;
    }
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? 1 : 0;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (run === undefined) throw new CliError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}; see scratchnet --help)`);
    await run(rest);
    return 0;
  } catch (e) {
    if (e instanceof ExitRequest) return e.code;
    if (debug) process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    const fsMessage = fileSystemMessage(e);
    if (fsMessage !== null) {
      process.stderr.write(`error: ${fsMessage}\n`);
      return 1;
    }
    const known = e instanceof CliError || e instanceof ScratchnetError;
    const message = (e as Error)?.message ?? String(e);
    process.stderr.write(`error: ${known ? message : `unexpected ${(e as Error)?.name ?? 'error'}: ${message}`}${known || debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    return known ? 1 : 2;
  }
}
