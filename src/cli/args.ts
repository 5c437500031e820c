import { parseArgs } from 'node:util';

/** A user error on the command line: printed as one `error: ...` line, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Flag names of a command: each a string-valued or a boolean flag. */
export type FlagSpec = Readonly<Record<string, 'string' | 'boolean'>>;

/** Parsed flags: `str('lr')` is the value or undefined, `bool('json')` true when given. */
export interface Flags {
  str(name: string): string | undefined;
  bool(name: string): boolean;
  readonly positionals: readonly string[];
}

/** Parses argv strictly (node:util parseArgs); unknown flags and missing values become CliErrors naming the command. */
export function parse(command: string, argv: readonly string[], spec: FlagSpec, allowPositionals = false): Flags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, type] of Object.entries(spec)) options[name] = name === 'help' ? { type, short: 'h' } : { type };
  // `--lr -0.1`: a negative number after a string flag is its value (parseArgs would call it ambiguous)
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('--') && spec[a.slice(2)] === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals }) as typeof parsed;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = err.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(`${msg.replace(/^Unknown option/, 'unknown flag')} for '${command}' (see scratchnet ${command} --help)`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliError(optionValueMessage(command, err.message, args));
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new CliError(`unexpected argument for '${command}': ${msg.replace(/^Unexpected argument '([^']*)'.*/, '$1')} (see scratchnet ${command} --help)`);
    throw new CliError(`${command}: ${msg}`);
  }
  const { values, positionals } = parsed;
  return {
    str: (name) => values[name] as string | undefined,
    bool: (name) => values[name] === true,
    positionals,
  };
}

/** parseArgs's complaints about a flag's value, in our words. */
function optionValueMessage(command: string, message: string, args: readonly string[]): string {
  const flag = /Option '(-[^' ]+)/.exec(message)?.[1] ?? 'a flag';
  const help = `(see scratchnet ${command} --help)`;
  if (/does not take an argument/.test(message)) return `${flag} takes no value; give it alone ${help}`;
  const next = args[args.indexOf(flag) + 1];
  if (/ambiguous/.test(message) && next !== undefined) return `${flag} needs a value, but the next word is the flag '${next}' ${help}`;
  return `${flag} needs a value ${help}`;
}

/** An integer flag within [min, max]. */
export function intFlag(name: string, value: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new CliError(`--${name} must be a whole number, got '${value}'`);
  if (n < min || n > max) throw new CliError(`--${name} must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`}, got ${n}`);
  return n;
}

/** A number flag that must be finite and > 0 (or ≥ 0 with allowZero). */
export function positiveFlag(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number, got '${value}'`);
  if (allowZero ? n < 0 : n <= 0) throw new CliError(`--${name} must be ${allowZero ? '≥ 0' : '> 0'}, got ${n}`);
  return n;
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new CliError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
  return value as T;
}

/** A ratio in [0, 1), e.g. a dropout ratio. */
export function ratioFlag(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw new CliError(`--${name} must be a number in [0, 1), got '${value}'`);
  return n;
}
