// What every example of the book shares: its flags, where its pictures go, and a line for each file written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folder the examples write into: examples/out/book/, or $SCRATCHNET_EXAMPLES_OUT. */
export const OUT = process.env.SCRATCHNET_EXAMPLES_OUT || join(ROOT, 'examples', 'out', 'book');

/**
 * The example at `url` (its import.meta.url), its flags parsed from the command line against
 * `spec` (flag name → default: a boolean, a number or a string; null for an optional string).
 * Returns { name, chapter, flags, save(file, content), path(file) }.
 */
export function example(url, spec = {}) {
  // `npm run example -- ... | head`: a closed pipe ends the example quietly
  process.stdout.on('error', (e) => (e.code === 'EPIPE' ? process.exit(0) : Promise.reject(e)));
  const file = fileURLToPath(url);
  const chapter = file.split(/[\\/]/).at(-2);
  const name = `${chapter}/${file.split(/[\\/]/).at(-1).replace(/\.mjs$/, '')}`;
  const flags = { ...spec };
  const args = process.argv.slice(2);
  const usage = () => `usage: npm run example -- ${name}${Object.entries(spec).map(([k, v]) => ` [--${k}${typeof v === 'boolean' ? '' : ` ${v === null ? 'FILE' : typeof v === 'number' ? 'N' : 'VALUE'}`}]`).join('')}`;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    const key = flag.replace(/^--/, '');
    if (flag === '--help' || flag === '-h') {
      console.log(usage());
      process.exit(0);
    }
    if (!flag.startsWith('--') || !(key in spec)) fail(`${name}: unknown argument '${args[i]}'\n${usage()}`);
    if (typeof spec[key] === 'boolean') {
      if (inline !== undefined) fail(`${name}: --${key} takes no value`);
      flags[key] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) fail(`${name}: --${key} needs a value\n${usage()}`);
    if (typeof spec[key] === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) fail(`${name}: --${key} must be a number, got '${value}'`);
      flags[key] = n;
    } else flags[key] = value;
  }
  const path = (f) => join(OUT, chapter, f);
  return {
    name,
    chapter,
    flags,
    path,
    /** Writes a file into the output folder and says so. */
    save(f, content) {
      const p = path(f);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      console.log(`wrote ${shown(p)}`);
      return p;
    },
  };
}

/** A path relative to the working folder when inside it. */
export function shown(p) {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : r;
}

/** Stops the example with a one-line message. */
export function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Seconds since `t0` (from performance.now()), for the lines that say how long a run took. */
export function seconds(t0) {
  return ((performance.now() - t0) / 1000).toFixed(1);
}
