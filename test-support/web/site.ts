/** What the browser tests share: the built site served locally, Debian's Chromium, and the rule for skipping. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { it, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../test/helpers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SITE = join(ROOT, 'dist-web');
export const SHOTS = join(ROOT, 'test-output');
const LIB = join(ROOT, 'dist');
export const reason = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (.ci/run installs Debian's chromium)` : !existsSync(join(SITE, 'index.html')) ? 'dist-web/ is not built (npm run web:build)' : null;
/** In CI (CI set, as .ci/run does) a missing browser or site fails every browser test instead of skipping it. */
const inCI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
/** Outside CI each test is skipped with the reason, so that the summary counts it as skipped. */
const when = reason !== null && !inCI ? { skip: reason } : {};

/** A browser test: fails at once in CI when it cannot run. */
export function browserTest(name: string, fn: (t: TestContext) => Promise<void> | void): void {
  it(name, when, async (t) => {
    if (reason !== null) assert.fail(`${reason}; with CI=${process.env.CI} the browser tests must run, not be skipped`);
    await fn(t);
  });
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.bin': 'application/octet-stream', '.safetensors': 'application/octet-stream' };

/**
 * Serves dist-web/ at / and the compiled library (dist/) at /lib/, so that a test can import the
 * library's own modules into a page (`import('/lib/src/browser/model-store.js')`); /lib/blank.html is an empty page for that.
 */
export function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const [root, rel] = path.startsWith('/lib/') ? [LIB, path.slice(4)] : [SITE, path];
    if (path === '/lib/blank.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title><link rel="icon" href="data:,">');
      return;
    }
    const file = join(root, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // cross-origin isolated (SharedArrayBuffer, so two threads) unless the page asks for ?plain
    const isolation = (req.url ?? '').includes('plain') ? {} : { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...isolation }).end(readFileSync(file));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

/** Debian's Chromium, headless, with nothing that reaches the network. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--lang=en-US', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects a page's console errors and uncaught exceptions into `errors`. */
export function watchErrors(page: Page, errors: string[]): Page {
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}
