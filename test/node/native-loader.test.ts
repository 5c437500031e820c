import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import { Rng } from '../../src/index.js';
import { nativeStatus } from '../../src/node/native-loader.js';
import { skipUnlessNative } from './native-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'native-loader-'));
const cli = join(ROOT, 'bin', 'scratchnet.js');

/** `scratchnet info --json` and the installed backend's name in a fresh process with SCRATCHNET_NATIVE_PATH (and more env). */
function infoWith(env: Record<string, string>): { code: number | null; report: { backend: string; native: { notLoaded?: string } }; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'info', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `scratchnet info exited with ${r.status} (${r.signal}): ${r.stderr}`);
  return { code: r.status, report: JSON.parse(r.stdout) as never, stderr: r.stderr };
}

/** A tiny Node-API module that is not scratchnet's (its abi is 999), built with the C compiler, or null without one. */
function foreignModule(): string | null {
  const src = join(dir, 'foreign.c');
  writeFileSync(src, '#define NAPI_VERSION 8\n#include <node_api.h>\nNAPI_MODULE_INIT() { napi_value v; napi_create_int32(env, 999, &v); napi_set_named_property(env, exports, "abi", v); return exports; }\n');
  const headers = join(dirname(createRequire(import.meta.url).resolve('node-api-headers/package.json')), 'include');
  const out = join(dir, 'foreign.node');
  const r = spawnSync('cc', ['-shared', '-fPIC', `-I${headers}`, src, '-o', out], { encoding: 'utf8' });
  return r.status === 0 ? out : null;
}

describe('loading the native kernels', { skip: skipUnlessNative() }, () => {
  it('loads the built module, which passes its self-test', () => {
    const s = nativeStatus();
    assert.equal(s.reason, null);
    assert.ok(s.addon !== null && existsSync(s.path));
  });

  it('falls back to WebAssembly, saying why, for a missing, corrupt, truncated or foreign module, or one built for another CPU, never crashing', () => {
    const rng = new Rng(3);
    const garbage = join(dir, 'garbage.node');
    writeFileSync(garbage, Uint8Array.from({ length: 4096 }, () => rng.int(256)));
    const truncated = join(dir, 'truncated.node');
    writeFileSync(truncated, readFileSync(nativeStatus().path).subarray(0, 5000));
    const changedDir = mkdtempSync(join(dir, 'changed-'));
    const changed = join(changedDir, 'scratchnet.node');
    const bytes = readFileSync(nativeStatus().path);
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(changed, bytes);
    copyFileSync(join(dirname(nativeStatus().path), 'build.json'), join(changedDir, 'build.json'));
    const [machine, cpu] = process.arch === 'arm64' ? [62, 'x64'] : [183, 'arm64'];
    const otherCpu = join(dir, 'other-cpu.node'); // the same module marked as built for another CPU (its ELF e_machine)
    const elf = readFileSync(nativeStatus().path);
    elf.writeUInt16LE(machine, 18);
    writeFileSync(otherCpu, elf);
    const notAddon = join(dir, 'libm.node');
    if (existsSync('/lib/x86_64-linux-gnu/libm.so.6')) copyFileSync('/lib/x86_64-linux-gnu/libm.so.6', notAddon);
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.node'), /not built/],
      [garbage, /did not load \(.*(invalid ELF header|file too short|not a valid)/],
      [truncated, /was not loaded: an ELF file cut short/],
      [changed, /was not loaded: its bytes differ from those its build recorded/],
      [otherCpu, new RegExp(`was not loaded: it was built for another CPU \\(${cpu}; this Node runs on ${process.arch}\\)`)],
      ...(existsSync(notAddon) ? [[notAddon, /did not load|not this version's native module/] as [string, RegExp]] : []),
      ...(foreignModule() ? [[join(dir, 'foreign.node'), /not this version's native module/] as [string, RegExp]] : []),
    ];
    for (const [path, why] of cases) {
      const { report } = infoWith({ SCRATCHNET_NATIVE_PATH: path, SCRATCHNET_BACKEND: '' });
      assert.match(report.backend, /^wasm-/, path);
      assert.match(report.native.notLoaded ?? '', why, path);
    }
    assert.ok(cases.length >= 5, `${cases.length} cases`);
  });

  it('SCRATCHNET_BACKEND=native without the module warns and runs on the default; setBackend(\'native\') then throws the reason', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      const L = await import(${JSON.stringify(join(ROOT, 'dist/src/index.js'))});
      console.log(L.getBackend().name);
      try { L.setBackend('native'); } catch (e) { console.log(e.name + ': ' + e.message); }
    `], { env: { ...process.env, SCRATCHNET_NATIVE_PATH: join(dir, 'missing.node'), SCRATCHNET_BACKEND: 'native' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const [name, error] = r.stdout.trim().split('\n');
    assert.match(name!, /^wasm-/);
    assert.match(error!, /^ValueError: setBackend\('native'\): the native kernels cannot run here: not built/);
    assert.match(r.stderr, /SCRATCHNET_BACKEND|cannot run here/);
  });

  it('chooses by SCRATCHNET_BACKEND: native, wasm, reference and its old name typescript', () => {
    for (const [env, want] of [['native', /^native-/], ['wasm', /^wasm-/], ['reference', /^typescript$/], ['typescript', /^typescript$/], ['', /^native-/]] as const) {
      assert.match(infoWith({ SCRATCHNET_BACKEND: env }).report.backend, want, `SCRATCHNET_BACKEND=${env}`);
    }
    const { report, stderr } = infoWith({ SCRATCHNET_BACKEND: 'cuda' });
    assert.match(report.backend, /^native-/);
    assert.match(stderr, /SCRATCHNET_BACKEND=cuda is not one of native, wasm, reference, typescript/);
  });
});
