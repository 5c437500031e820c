import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { ja } from '../../web/src/i18n/ja.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { SHOTS, SITE, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

const PAGES = ['explorer', 'train', 'draw', 'data', 'models'];

/** The text of every visible element that holds text of its own (not only its children's), trimmed. */
function visibleTexts(): string[] {
  const out: string[] = [];
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (own === '' || el.closest('[hidden], script, style, #no-server') !== null) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) out.push(own);
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [title]'))) {
    for (const a of ['placeholder', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a)!);
  }
  return out;
}

const CSV = `size,colour,kind\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${['red', 'blue'][i % 2]},${['a', 'b'][i % 2]}`).join('\n')}\n`;

/**
 * Every page's visible texts, with the page's messages showing too: the explorer stepped and one input made bad,
 * the look inside the pretrained model, a CSV file read, a model to store without a name.
 */
async function allTexts(page: Page): Promise<Map<string, string[]>> {
  const texts = new Map<string, string[]>();
  for (const name of PAGES) {
    await page.click(`nav a[data-page=${name}]`);
    if (name === 'explorer') {
      await page.click('[data-testid=step-forward]');
      await page.click('[data-testid=step-forward]');
      await page.fill('[data-testid=affine-dy]', '1, 2; 3');
      await page.dispatchEvent('[data-testid=affine-dy]', 'change');
    }
    if (name === 'train') {
      await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes('pretrained'));
      await page.click('[data-testid=inside-current]');
      await page.waitForSelector('[data-testid=activation-histogram]');
    }
    if (name === 'draw') await page.waitForSelector('[data-testid=draw-hint]');
    if (name === 'data') {
      await page.setInputFiles('[data-testid=data-csv]', { name: 'colours.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.getAttribute('data-task') === 'classification');
    }
    if (name === 'models') {
      await page.waitForFunction(() => document.querySelector('[data-testid=stored-empty], [data-testid=stored-model]') !== null);
      await page.fill('[data-testid=model-name]', '');
      await page.click('[data-testid=model-store]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=models-error]')?.textContent ?? '') !== '');
    }
    texts.set(name, await page.evaluate(visibleTexts));
  }
  return texts;
}

// English values that must not show once another language is chosen: sentences and labels, not names or formulas
const ENGLISH = new Set<string>(Object.entries(en).filter(([k, v]) => (ja as Record<string, string>)[k] !== v && (zhCN as Record<string, string>)[k] !== v && /[a-z]{2,}/i.test(v)).map(([, v]) => v));
const KEYS = new Set(Object.keys(en));

describe('the page in English, 日本語 and 简体中文', () => {
  let server: Server;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    if (reason !== null) return;
    ({ server, base } = await serve());
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest('the switch turns every page to Japanese, then Chinese: no English text and no key names left', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
    const page = watchErrors(await context.newPage(), errors);
    await page.goto(`${base}#explorer`);
    assert.equal(await page.textContent('nav a[data-page=explorer]'), en['nav.explorer']);
    const english = await allTexts(page);
    assert.ok(english.get('explorer')!.includes(en['explorer.fix']), 'the English page shows its own texts');
    for (const [lang, table] of [['ja', ja], ['zh-CN', zhCN]] as const) {
      await page.click('nav a[data-page=explorer]');
      await page.selectOption('[data-testid=language-switch]', lang);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.title(), table['page.title']);
      assert.equal(await page.textContent('nav a[data-page=train]'), table['nav.train']);
      const texts = await allTexts(page);
      for (const [name, seen] of texts) {
        const leaked = seen.filter((s) => ENGLISH.has(s) || KEYS.has(s));
        assert.deepEqual(leaked, [], `${lang}, #${name}: English or key names left`);
        assert.notDeepEqual(seen, english.get(name), `${lang}, #${name}: the text changed`);
      }
      assert.ok(texts.get('explorer')!.includes(table['explorer.fix']), `${lang}: the explorer's error is in ${lang}`);
      assert.ok(texts.get('draw')!.includes(table['draw.hint']), `${lang}: the draw page asks in ${lang}`);
      assert.ok(texts.get('models')!.includes(table['models.needName']), `${lang}: the models page's message in ${lang}`);
      const inside = (await page.textContent('[data-testid=inside-epoch]'))!;
      assert.ok(inside.endsWith(lang === 'ja' ? 'テスト画像 2000 枚で' : '用 2000 张测试图像'), `${lang}: ${inside}`);
      assert.match((await page.textContent('[data-testid=data-summary]'))!, lang === 'ja' ? /^colours\.csv: サンプル 40 個/ : /^colours\.csv：40 个样本/);
      await page.screenshot({ path: join(SHOTS, `language-${lang}.png`), fullPage: true });
    }
    await context.close();
  });

  browserTest('the choice is kept in localStorage, ?lang= chooses too, and the default follows the browser', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = watchErrors(await context.newPage(), errors);
    await page.goto(`${base}?lang=ja#train`);
    assert.equal(await page.textContent('[data-testid=train-start]'), ja['train.start']);
    assert.equal(await page.inputValue('[data-testid=language-switch]'), 'ja');
    await page.selectOption('[data-testid=language-switch]', 'zh-CN');
    assert.equal(await page.textContent('[data-testid=train-start]'), zhCN['train.start']);
    assert.equal(await page.evaluate(() => location.search), '?lang=zh-CN', 'the address follows the switch');
    await page.goto(`${base}#train`); // no ?lang: the stored choice
    assert.equal(await page.textContent('[data-testid=train-start]'), zhCN['train.start']);
    assert.equal(await page.evaluate(() => localStorage.getItem('scratchnet.lang')), 'zh-CN');
    await context.close();
    for (const [locale, lang, table] of [['ja-JP', 'ja', ja], ['zh-CN', 'zh-CN', zhCN], ['zh-TW', 'zh-CN', zhCN], ['de-DE', 'en', en]] as const) {
      const c = await browser.newContext({ locale });
      const p = watchErrors(await c.newPage(), errors);
      await p.goto(`${base}#models`);
      assert.equal(await p.getAttribute('html', 'lang'), lang, locale);
      assert.equal(await p.textContent('[data-testid=model-store]'), table['models.store'], locale);
      await c.close();
    }
  });

  browserTest('at 390 px wide (a phone) no page is wider than the screen in Japanese or Chinese either', async () => {
    for (const lang of ['ja', 'zh-CN']) {
      const c = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const phone = watchErrors(await c.newPage(), errors);
      await phone.goto(`${base}?lang=${lang}#explorer`);
      for (const name of PAGES) {
        await phone.click(`nav a[data-page=${name}]`);
        await phone.waitForTimeout(100);
        const width = await phone.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${lang}, #${name} is ${width} px wide`);
      }
      await phone.screenshot({ path: join(SHOTS, `phone-explorer-${lang}.png`) });
      await c.close();
    }
  });

  browserTest('opened from disk, the page says how to serve it in the browser\'s language, from the same tables', async () => {
    for (const [locale, table] of [['en-US', en], ['ja-JP', ja], ['zh-CN', zhCN]] as const) {
      const c = await browser.newContext({ locale });
      const disk = await c.newPage(); // the blocked modules log errors of their own here
      await disk.goto(`file://${join(SITE, 'index.html')}`);
      assert.equal(await disk.isVisible('[data-testid=no-server]'), true);
      const text = (await disk.textContent('[data-testid=no-server]'))!;
      for (const k of ['noServer.title', 'noServer.why', 'noServer.preview', 'noServer.static'] as const) assert.ok(text.includes(table[k]), `${locale}: ${k} in ${text}`);
      assert.match(text, /npm run web:preview/);
      await c.close();
    }
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
