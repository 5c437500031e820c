import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers.js';
import { checkClaims, codeBlocks, fences, markdownPart, prose, runSnippetOnce, withoutComments } from './snippets.js';

// the READMEs in the readers' languages and the tutorials: their links resolve, the commands they name exist
const TRANSLATED = { ja: { readme: 'README.ja.md', tutorial: 'docs/tutorial.ja.md' }, 'zh-CN': { readme: 'README.zh-CN.md', tutorial: 'docs/tutorial.zh-CN.md' } } as const;
const DOCS = ['README.md', 'README.ja.md', 'README.zh-CN.md', 'docs/tutorial.md', 'docs/tutorial.ja.md', 'docs/tutorial.zh-CN.md'];

/** What `scratchnet ARGS` prints, from the command's own entry point (bin/scratchnet.js calls the same main). */
async function scratchnet(...args: string[]): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(args);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(code, 0, `scratchnet ${args.join(' ')} exited with ${code}`);
  return chunks.join('');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = prose(readFileSync(join(ROOT, file), 'utf8'));
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Relative link targets of a markdown file (outside code), with the line they are on. */
function links(file: string): { target: string; line: number }[] {
  const lines = prose(readFileSync(join(ROOT, file), 'utf8')).split('\n');
  const found: { target: string; line: number }[] = [];
  lines.forEach((line, i) => {
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/i.test(m[1]!)) found.push({ target: m[1]!, line: i + 1 });
    }
  });
  return found;
}

/**
 * The commands a markdown file tells a reader to type: lines of its shell blocks and inline code spans
 * that start with `npx scratchnet`, `scratchnet`, `npm run` or `node`.
 */
function commands(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const typed: string[] = [];
  for (const f of fences(text).filter((f) => ['sh', 'bash', ''].includes(f.lang))) {
    for (const line of f.body.split('\n')) typed.push(line.replace(/^\$ /, '').replace(/\s+#.*$/, '').trim());
  }
  for (const m of prose(text).matchAll(/`([^`\n]+)`/g)) typed.push(m[1]!.trim());
  return typed.filter((c) => /^(npx scratchnet|scratchnet|npm run|node) /.test(c) && !/^scratchnet \S+:/.test(c));
}

describe('the READMEs and tutorials in every language: links and commands', async () => {
  const help = await scratchnet('help');
  const known = new Set([...help.split('Commands:')[1]!.split('\n\n')[0]!.matchAll(/^ {2}([a-z][\w-]*) {2,}/gm)].map((m) => m[1]!));
  known.add('help'); // 'scratchnet help <command>', which the help itself names
  const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
  const helpOf = new Map<string, string>();

  it('scratchnet help lists the three commands the READMEs describe', () => {
    for (const c of ['train', 'eval', 'predict', 'export']) assert.ok(known.has(c), `scratchnet help does not list ${c}: ${help}`);
  });

  it('README.md links the Japanese and Chinese READMEs at its top', () => {
    const top = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 5).join('\n');
    assert.match(top, /\]\(README\.ja\.md\)/);
    assert.match(top, /\]\(README\.zh-CN\.md\)/);
  });

  for (const [lang, { readme, tutorial }] of Object.entries(TRANSLATED)) {
    it(`${readme} has the quick start, the three commands, the browser pages and its tutorial`, () => {
      const typed = commands(readme);
      for (const c of ['npx scratchnet train', 'npx scratchnet eval', 'npx scratchnet predict', 'npx scratchnet export', 'npm run web', 'npm run web:preview']) {
        assert.ok(typed.some((t) => t === c || t.startsWith(`${c} `)), `${readme} never shows \`${c}\``);
      }
      const text = readFileSync(join(ROOT, readme), 'utf8');
      assert.match(text, /^npm install\b/m);
      assert.match(text, /^npm test\b/m);
      for (const ch of [2, 3, 4, 5, 6, 7, 8]) assert.match(text, new RegExp(`^\\| 第${ch}章 `, 'm'), `${readme}: the chapter map has no row for chapter ${ch}`);
      assert.ok(links(readme).some((l) => l.target === tutorial), `${readme} does not link ${tutorial}`);
      assert.ok(links(tutorial).some((l) => l.target === `../${readme}`), `${tutorial} does not link ../${readme}`);
      assert.ok(lang.length > 0);
    });
  }

  for (const file of DOCS) {
    it(`${file}: every relative link resolves`, (t) => {
      const found = links(file);
      for (const { target, line } of found) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : join(dirname(file), decodeURI(path));
        assert.ok(existsSync(join(ROOT, resolved)), `${file}:${line}: the link ${target} leads nowhere (${resolved} does not exist)`);
        if (anchor !== undefined && resolved.endsWith('.md')) {
          assert.ok(anchors(resolved).has(decodeURIComponent(anchor)), `${file}:${line}: ${resolved} has no heading for #${anchor}`);
        }
      }
      t.diagnostic(`${found.length} links`);
    });

    it(`${file}: every scratchnet command, flag and npm script it names exists`, async (t) => {
      const typed = commands(file);
      for (const c of typed) {
        if (c.startsWith('npm run ')) {
          const script = c.split(/\s+/)[2]!;
          assert.ok(scripts.includes(script), `${file}: \`${c}\`: package.json has no script "${script}"`);
          continue;
        }
        if (c.startsWith('node ')) {
          const path = c.split(/\s+/).slice(1).find((w) => !w.startsWith('-'));
          if (path?.includes('/')) assert.ok(existsSync(join(ROOT, path)), `${file}: \`${c}\`: ${path} does not exist`);
          if (path !== 'bin/scratchnet.js') continue;
        }
        const words = c.replace(/^(npx scratchnet|scratchnet|node bin\/scratchnet\.js)\s*/, '').split(/\s+/);
        const command = words[0]!;
        if (command === '' || command.startsWith('-')) continue; // `scratchnet --version`, `node bin/scratchnet.js` alone
        assert.ok(known.has(command), `${file}: \`${c}\`: scratchnet has no command "${command}" (it has ${[...known].join(', ')})`);
        if (command === 'help') {
          const topic = words[1];
          if (topic !== undefined && !topic.startsWith('<')) assert.ok(known.has(topic), `${file}: \`${c}\`: no command "${topic}"`);
          continue;
        }
        if (!helpOf.has(command)) helpOf.set(command, await scratchnet('help', command));
        for (const flag of words.filter((w) => /^--?[a-z]/.test(w)).map((w) => w.split('=')[0]!)) {
          assert.match(helpOf.get(command)!, new RegExp(`(^|[\\s,])${flag}\\b`, 'm'), `${file}: \`${c}\`: scratchnet ${command} has no option ${flag}`);
        }
      }
      t.diagnostic(`${typed.length} commands`);
    });
  }
});

describe('the translated READMEs\' TypeScript runs and prints what its comments say', () => {
  const ja = codeBlocks(markdownPart(TRANSLATED.ja.readme));
  const zh = codeBlocks(markdownPart(TRANSLATED['zh-CN'].readme));
  it('the Japanese and Chinese READMEs have the same code (only the comments translated)', () => {
    assert.ok(ja.length >= 1, `README.ja.md has ${ja.length} TypeScript snippets`);
    assert.deepEqual(zh.map(withoutComments), ja.map(withoutComments));
  });
  const work = mkdtempSync(join(tmpdir(), 'readme-translated-'));
  for (const [lang, blocks] of [['ja', ja], ['zh-CN', zh]] as const) {
    blocks.forEach((code, i) => {
      it(`README.${lang}.md, snippet ${i + 1}`, async (t) => {
        const printed = await runSnippetOnce(code, `readme_${lang}_${i + 1}`, work);
        t.diagnostic(`${checkClaims(code, printed, `README.${lang}.md, snippet ${i + 1}`)} printed values checked`);
      });
    });
  }
});
