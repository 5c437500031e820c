// Runs one of the book's examples: npm run example -- ch04/gradient_2d [flags]
// With no name, or a name that is not an example, it lists them all.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Every example as 'chNN/name', in chapter order. */
export function listExamples() {
  return readdirSync(HERE, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^ch\d\d$/.test(d.name))
    .flatMap((d) => readdirSync(join(HERE, d.name)).filter((f) => f.endsWith('.mjs')).map((f) => `${d.name}/${f.slice(0, -4)}`))
    .sort();
}

function printList(out) {
  const all = listExamples();
  out('The book\'s scripts as examples (npm run example -- NAME [--help]):');
  for (const ch of [...new Set(all.map((n) => n.slice(0, 4)))]) out(`  ${ch}: ${all.filter((n) => n.startsWith(ch)).map((n) => n.slice(5)).join(', ')}`);
  out('docs/book-map.md lists what each prints, the book\'s result and ours.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [given, ...args] = process.argv.slice(2);
  if (given === undefined || given === '--help' || given === '-h') {
    printList(console.log);
    process.exit(0);
  }
  // the book's own paths work too: ch04/gradient_2d.py, ./ch04/gradient_2d.mjs
  const name = given.replace(/^\.?\//, '').replace(/\.(py|mjs)$/, '');
  const all = listExamples();
  if (!all.includes(name)) {
    const leaf = name.split('/').pop();
    const near = all.filter((n) => n.endsWith(`/${leaf}`) || n.startsWith(name));
    console.error(`error: no example '${given}'${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`);
    printList(console.error);
    process.exit(1);
  }
  const r = spawnSync(process.execPath, [join(HERE, `${name}.mjs`), ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
