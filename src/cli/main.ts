import '../node/backend-setup.js'; // the fast kernels (WebAssembly SIMD, threads) for the command line too
import { readFileSync } from 'node:fs';
import { ScratchnetError } from '../errors/index.js';
import { CliError } from './args.js';
import { convertCommand } from './convert.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { predictCommand } from './predict.js';
import { trainCommand } from './train.js';
import { fileSystemMessage } from './outputs.js';
import { ExitRequest } from './train-run.js';

const HELP = `Usage: scratchnet <command> [options]

Neural networks with readable backpropagation, as in "Deep Learning from Scratch".

Commands:
  train      train a network on MNIST and save it (defaults: the book's chapter-5 run)
  eval       test accuracy of a saved model
  predict    the most likely digits for photos or scans of digits (PNG, JPEG)
  export     write a saved model as ONNX or as a PyTorch module
  convert    turn a weight file of the book's code (.pkl) into a model file

Run 'scratchnet help <command>' (or 'scratchnet <command> --help') for a command's options.
Options: --version, -h/--help, and --debug on any command for stack traces.
`;

const COMMANDS: Record<string, (argv: readonly string[]) => void | Promise<void>> = {
  train: trainCommand,
  eval: evalCommand,
  predict: predictCommand,
  export: exportCommand,
  convert: convertCommand,
};

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
  const [command, ...rest] = argv;
  try {
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
