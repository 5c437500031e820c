import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import ts from 'typescript';
import { ROOT } from '../helpers.js';

// snippets import from 'scratchnet'; a module inside the package resolves that to the package itself
export const RUN_DIR = join(ROOT, 'dist', 'doc-examples');

/** The text of a markdown file in the repository, or of one part: from its heading to the next heading of its level or above. */
export function markdownPart(file: string, heading?: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (heading === undefined) return text;
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file} has no "${heading}"`);
  const level = heading.indexOf(' ');
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** A fenced code block: its language ('' when none is given), its text, and the line its fence opens on. */
export interface Fence {
  readonly lang: string;
  readonly body: string;
  readonly line: number;
}

/** Every fenced code block of a markdown text, in order, fences paired from the top. */
export function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  let open: { lang: string; line: number; body: string[] } | null = null;
  markdown.split('\n').forEach((line, i) => {
    const fence = /^```\s*([\w-]*)\s*$/.exec(line);
    if (open === null) {
      if (fence) open = { lang: fence[1]!, line: i + 1, body: [] };
    } else if (fence && fence[1] === '') {
      found.push({ lang: open.lang, line: open.line, body: open.body.map((l) => `${l}\n`).join('') });
      open = null;
    } else {
      open.body.push(line);
    }
  });
  if (open !== null) throw new Error(`a code block opened on line ${(open as { line: number }).line} is never closed`);
  return found;
}

/** The markdown text with its fenced code blocks left out (each replaced by an empty line). */
export function prose(markdown: string): string {
  const lines = markdown.split('\n');
  for (const f of fences(markdown)) {
    const end = f.line + f.body.split('\n').length; // the opening fence, the body and the closing fence
    for (let i = f.line - 1; i < end; i++) lines[i] = '';
  }
  return lines.join('\n');
}

/** The fenced code blocks of the given languages, in order. */
export function codeBlocks(markdown: string, languages: readonly string[] = ['ts']): string[] {
  return fences(markdown).filter((f) => languages.includes(f.lang)).map((f) => f.body);
}

/** What one `console.log` call site printed, once per time it ran, as a terminal shows it. */
export type Printed = string[][];

/**
 * Runs a snippet as a reader would paste it into a module (TypeScript is transpiled, not type-checked),
 * in `cwd`, and returns what each `console.log` call site printed (index = its order in the source).
 */
export async function runSnippet(code: string, name: string, cwd: string): Promise<Printed> {
  let site = 0;
  const printed: Printed = [];
  const g = globalThis as unknown as { __snippetLog?: (k: number, ...args: unknown[]) => void };
  g.__snippetLog = (k, ...args) => (printed[k] ??= []).push(format(...args));
  // each call site reports its own index, so a claim is read against what its own line printed
  const counted = code.replace(/console\.log\(/g, () => `__snippetLog(${site++}, `);
  for (let k = 0; k < site; k++) printed[k] = [];
  const js = ts.transpileModule(counted, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  mkdirSync(RUN_DIR, { recursive: true });
  const path = join(RUN_DIR, `${name}.mjs`);
  writeFileSync(path, js);
  const before = process.cwd();
  process.chdir(cwd);
  try {
    await import(`${path}?${Date.now()}`);
  } finally {
    process.chdir(before);
    delete g.__snippetLog;
  }
  return printed;
}

/** The code without its `//` comments: what translations of a snippet share. */
export function withoutComments(code: string): string {
  return code.replace(/\s*\/\/.*$/gm, '');
}

const runs = new Map<string, Promise<Printed>>();

/**
 * {@link runSnippet}, once per code: a translation whose code is the same (only its comments differ)
 * reads the output of the same run, which a deterministic snippet would print again.
 */
export function runSnippetOnce(code: string, name: string, cwd: string): Promise<Printed> {
  const key = withoutComments(code);
  if (!runs.has(key)) runs.set(key, runSnippet(code, name, cwd));
  return runs.get(key)!;
}

/** A value a comment claims: a number as written (its decimals say how closely it must match), a boolean, or a quoted string. */
type Claim = { kind: 'number'; text: string; value: number; tolerance: number } | { kind: 'word'; text: string } | { kind: 'string'; text: string };

const NUMBER = /(?<![\p{L}\p{N}_.])[-−]?\d+(?:\.\d+)?(?:e[-+−]?\d+)?(?![\p{L}\p{N}_])/gu;

function parseNumber(text: string): number {
  return Number(text.replace(/−/g, '-'));
}

/**
 * The claims of a `console.log(...); // comment` line: the numbers, `true`/`false` and quoted strings in the
 * comment up to its first colon (ASCII or full-width); what follows the colon is explanation.
 */
export function claimsOf(comment: string): Claim[] {
  const head = comment.split(/[:：]/)[0]!;
  const found: { at: number; claim: Claim }[] = [];
  const strings = /'([^']*)'|"([^"]*)"/g;
  const bare = head.replace(strings, (m) => ' '.repeat(m.length));
  for (const m of head.matchAll(strings)) found.push({ at: m.index, claim: { kind: 'string', text: m[1] ?? m[2]! } });
  for (const m of bare.matchAll(/\b(true|false)\b/g)) found.push({ at: m.index, claim: { kind: 'word', text: m[1]! } });
  for (const m of bare.matchAll(NUMBER)) {
    const text = m[0];
    const mantissa = text.split(/e/i)[0]!;
    const decimals = mantissa.includes('.') ? mantissa.split('.')[1]!.length : 0;
    const exponent = /e/i.test(text) ? Number(text.split(/e/i)[1]!.replace(/−/g, '-')) : 0;
    found.push({ at: m.index, claim: { kind: 'number', text, value: parseNumber(text), tolerance: 0.5 * 10 ** (exponent - decimals) } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.claim);
}

/** The numbers and booleans of printed text, in order. */
function printedValues(text: string): (number | string)[] {
  const out: { at: number; v: number | string }[] = [];
  for (const m of text.matchAll(NUMBER)) out.push({ at: m.index, v: parseNumber(m[0]) });
  for (const m of text.matchAll(/\b(true|false)\b/g)) out.push({ at: m.index, v: m[1]! });
  return out.sort((a, b) => a.at - b.at).map((o) => o.v);
}

/**
 * Checks each `console.log(...); // claim` line against what that call site printed last: the claim's
 * numbers and booleans must appear in that order (a number rounded to the claim's decimals), and its
 * quoted strings anywhere. Returns the number of values checked.
 */
export function checkClaims(code: string, printed: Printed, label: string): number {
  let site = 0;
  let checked = 0;
  for (const line of code.split('\n')) {
    const calls = line.match(/console\.log\(/g)?.length ?? 0;
    const comment = /console\.log\(.*\);\s*\/\/ ?(.*)$/.exec(line)?.[1];
    if (calls === 1 && comment !== undefined) {
      const runs = printed[site]!;
      assert.ok(runs.length > 0, `${label}: \`${line.trim()}\` never ran`);
      const text = runs.at(-1)!;
      const values = printedValues(text);
      let from = 0;
      for (const claim of claimsOf(comment)) {
        checked++;
        if (claim.kind === 'string') {
          assert.ok(text.includes(claim.text), `${label}: "${claim.text}" from the comment "${comment}" is not in what it printed: ${text}`);
          continue;
        }
        const at = values.findIndex((v, i) => i >= from && (claim.kind === 'word' ? v === claim.text : typeof v === 'number' && Math.abs(v - claim.value) <= claim.tolerance * (1 + 1e-9)));
        assert.ok(at >= 0, `${label}: ${claim.text} from the comment "${comment}" is not in what it printed (in order, to the decimals written): ${text}`);
        from = at + 1;
      }
    }
    site += calls;
  }
  return checked;
}
