// Builds scratchnet's native kernels (native/*.c) into build/native/scratchnet.node with the system C
// compiler and the Node-API headers of the npm package node-api-headers: nothing is downloaded. One
// compiler call per CPU target (AVX-512, AVX2 + FMA, portable C; on other CPUs portable C alone), then
// one that links them with the bindings; the module picks a target at run time.
//
//   node scripts/build-native.mjs [--if-possible] [--force] [--sanitize]
//
// --if-possible (npm install): never fails; prints one line saying what was built or why not, and
// scratchnet then runs on WebAssembly. --sanitize builds build/native-asan/scratchnet.node with
// AddressSanitizer and UndefinedBehaviorSanitizer for the kernel tests (.ci/run). The result of each
// build, and why a build failed, is kept in build.json next to the module for `scratchnet info`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'native');

/** Flags per target; a target whose flags the compiler refuses is left out (the module then lacks it). */
const TARGETS = {
  avx512: ['-DSN_TARGET_AVX512', '-mavx512f', '-mavx512vl', '-mavx512bw', '-mavx512dq', '-mavx2', '-mfma', '-mbmi2', '-mprefer-vector-width=512'],
  avx2: ['-DSN_TARGET_AVX2', '-mavx2', '-mfma', '-mbmi2'],
  portable: [],
};

// -ffp-contract=off: a multiply and an add stay two roundings unless a kernel asks for a fused one (the
// bits of the WebAssembly builds depend on it); -fno-math-errno changes no result.
const COMMON = ['-std=c11', '-fPIC', '-fvisibility=hidden', '-ffp-contract=off', '-fno-math-errno', '-Wall', '-Wextra', '-Wno-unused-function'];
const OPTIMIZE = ['-O3'];
const SANITIZE = ['-O1', '-g', '-fno-omit-frame-pointer', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-DSN_CHECKED'];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() };
}

/** The first compiler that answers --version: $CC, cc, gcc, clang. */
function findCompiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    const r = run(cc, ['--version']);
    if (r.ok) return { cc, version: r.out.split('\n')[0] };
  }
  return null;
}

function headersDir() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('node-api-headers/package.json')), 'include');
  } catch {
    return null;
  }
}

function firstError(out) {
  return out.split('\n').find((l) => /error/i.test(l)) ?? out.split('\n')[0] ?? '';
}

/**
 * Builds the module; returns { ok, path, targets, skipped, reason }. Never throws for a missing compiler
 * or a failed compile: `ok` is false and `reason` says why (also written to build.json).
 */
export function buildNative({ sanitize = false, force = false } = {}) {
  const out = join(root, 'build', sanitize ? 'native-asan' : 'native');
  const module = join(out, 'scratchnet.node');
  const record = (result) => {
    mkdirSync(out, { recursive: true });
    if (!result.ok) rmSync(module, { force: true }); // a failed build leaves no module of older sources behind
    writeFileSync(join(out, 'build.json'), `${JSON.stringify({ ...result, node: process.version, date: new Date().toISOString() }, null, 2)}\n`);
    return { ...result, path: module };
  };
  if (!['linux', 'darwin', 'freebsd'].includes(platform())) {
    return record({ ok: false, reason: `building on ${platform()} is not supported by this script yet (the README says what Windows needs)` });
  }
  const headers = headersDir();
  if (!headers || !existsSync(join(headers, 'node_api.h'))) return record({ ok: false, reason: 'the npm package node-api-headers is not installed' });
  const compiler = findCompiler();
  if (!compiler) return record({ ok: false, reason: 'no C compiler found (tried $CC, cc, gcc, clang); install one (Debian: apt-get install gcc) and run `npx scratchnet build-native`' });

  const files = readdirSync(sources).filter((f) => f.endsWith('.c') || f.endsWith('.h')).sort();
  const targets = arch() === 'x64' ? Object.keys(TARGETS) : ['portable'];
  const mode = sanitize ? SANITIZE : OPTIMIZE;
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(sources, f)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(JSON.stringify([compiler, COMMON, mode, TARGETS, targets, headers, arch(), platform()]));
  const digest = hash.digest('hex');
  const previous = existsSync(join(out, 'build.json')) ? JSON.parse(readFileSync(join(out, 'build.json'), 'utf8')) : null;
  if (!force && previous?.ok && previous.hash === digest && existsSync(module)) return { ...previous, path: module, upToDate: true };

  const objects = join(out, 'obj');
  rmSync(objects, { recursive: true, force: true });
  mkdirSync(objects, { recursive: true });
  const built = [];
  const skipped = [];
  const warnings = [];
  for (const t of targets) {
    const r = run(compiler.cc, [...COMMON, ...mode, ...TARGETS[t], '-c', join(sources, 'target.c'), '-o', join(objects, `${t}.o`)]);
    if (r.ok && r.out) warnings.push(r.out);
    if (r.ok) built.push(t);
    else if (t === 'portable') return record({ ok: false, reason: `the C compiler (${compiler.version}) failed on native/target.c: ${firstError(r.out)}`, log: r.out });
    else skipped.push(`${t}: ${firstError(r.out)}`);
  }
  const bindings = files.filter((f) => f.endsWith('.c') && f !== 'target.c' && !isKernelSource(f));
  const temp = `${module}.${process.pid}.tmp`;
  const link = [
    ...COMMON, ...mode, `-I${headers}`, ...built.filter((t) => t !== 'portable').map((t) => `-DSN_HAVE_${t.toUpperCase()}`),
    '-shared', ...bindings.map((f) => join(sources, f)), ...built.map((t) => join(objects, `${t}.o`)), '-o', temp, '-lpthread', '-lm',
    ...(platform() === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
  ];
  const r = run(compiler.cc, link);
  if (r.ok && r.out) warnings.push(r.out);
  if (!r.ok) {
    rmSync(temp, { force: true });
    return record({ ok: false, reason: `linking the native module failed (${compiler.version}): ${firstError(r.out)}`, log: r.out });
  }
  // the loader checks the module against this before loading it: a file changed or cut short since is refused, not loaded
  const moduleSha256 = createHash('sha256').update(readFileSync(temp)).digest('hex');
  renameSync(temp, module);
  rmSync(objects, { recursive: true, force: true });
  return { ...record({ ok: true, hash: digest, moduleSha256, compiler: compiler.version, targets: built, skipped, sanitize }), warnings: warnings.join('\n') };
}

/** Kernel sources are compiled through target.c (once per target), not on their own. */
function isKernelSource(f) {
  return readFileSync(join(sources, f), 'utf8').includes('Compiled once per target by target.c');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const ifPossible = args.includes('--if-possible');
  let r;
  try {
    r = buildNative({ sanitize: args.includes('--sanitize'), force: args.includes('--force') });
  } catch (e) {
    r = { ok: false, reason: `the build script failed: ${e.message}` };
  }
  if (r.ok) {
    const what = `${r.targets.join(', ')}${r.skipped?.length ? `; left out: ${r.skipped.join('; ')}` : ''}`;
    console.log(`scratchnet: native kernels ${r.upToDate ? 'up to date' : 'built'} (${what}) in ${r.path}`);
    if (r.warnings && !ifPossible) console.log(r.warnings);
  } else {
    console.log(`scratchnet: native kernels not built: ${r.reason}${ifPossible ? '; scratchnet will use its WebAssembly kernels' : ''}`);
    if (r.log && !ifPossible) console.log(r.log);
    if (!ifPossible) process.exitCode = 1;
  }
}
