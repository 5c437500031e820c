import { CliError, parse } from './args.js';

export const BUILD_NATIVE_HELP = `Usage: scratchnet build-native [options]

Compiles scratchnet's native kernels (C, for this CPU: AVX-512, AVX2 + FMA and portable C) with the
system C compiler. npm install does this when it runs install scripts; run it yourself when they were
off, or after installing a compiler. Without native kernels scratchnet runs on WebAssembly.

Options:
  --force            rebuild even when the module is up to date
  -h, --help         show this help
`;

interface BuildResult {
  readonly ok: boolean;
  readonly path: string;
  readonly reason?: string;
  readonly log?: string;
  readonly targets?: readonly string[];
  readonly skipped?: readonly string[];
  readonly upToDate?: boolean;
}

export async function buildNativeCommand(argv: readonly string[]): Promise<void> {
  const f = parse('build-native', argv, { force: 'boolean', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(BUILD_NATIVE_HELP);
    return;
  }
  // the build script ships with the package (scripts/), next to dist/
  const script = new URL('../../../scripts/build-native.mjs', import.meta.url).href;
  const { buildNative } = (await import(script)) as { buildNative(options: { force: boolean }): BuildResult };
  const r = buildNative({ force: f.bool('force') });
  if (!r.ok) throw new CliError(`native kernels not built: ${r.reason}${r.log ? `\n${r.log}` : ''}`);
  const left = r.skipped?.length ? `; left out: ${r.skipped.join('; ')}` : '';
  process.stdout.write(`native kernels ${r.upToDate ? 'up to date' : 'built'} (${r.targets!.join(', ')}${left}): ${r.path}\n`);
}
