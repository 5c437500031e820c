import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../../web/src/i18n/en.js';
import { ja } from '../../web/src/i18n/ja.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';

const TABLES = { ja, 'zh-CN': zhCN } as const;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const tags = (s: string) => [...s.matchAll(/<\/?(\w+)/g)].map((m) => m[1]!).sort();

// the page's words: one table per language, the same keys, nothing left empty
describe("the web page's text tables (web/src/i18n)", () => {
  it('English has no empty text', () => {
    for (const [k, v] of Object.entries(en)) assert.ok(v.trim() !== '', `en: ${k} is empty`);
  });

  for (const [lang, table] of Object.entries(TABLES)) {
    it(`${lang} has exactly the keys of English, none empty`, () => {
      assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort());
      for (const [k, v] of Object.entries(table)) assert.ok(v.trim() !== '', `${lang}: ${k} is empty`);
    });

    it(`${lang} fills in the same values and keeps the same markup as English`, () => {
      for (const [k, v] of Object.entries(en)) {
        const theirs = (table as Record<string, string>)[k]!;
        assert.deepEqual(placeholders(theirs), placeholders(v), `${lang}: ${k}`);
        assert.deepEqual(tags(theirs), tags(v), `${lang}: ${k}`);
      }
    });

    it(`${lang} is a translation: its words differ from the English ones`, () => {
      // names, numbers and formulas stay as they are; a sentence left in English is a miss
      const same = Object.entries(en).filter(([k, v]) => (table as Record<string, string>)[k] === v && /[a-z]{3,} [a-z]{3,}/i.test(v.replace(/<[^>]+>|\{\w+\}/g, '')));
      assert.deepEqual(same.map(([k]) => k), [], `${lang}: left in English`);
    });
  }

  it("uses the book's words: 誤差逆伝播法, 学習率, 認識精度 in Japanese; 误差反向传播法, 学习率, 识别精度 in Chinese", () => {
    const all = (t: Record<string, string>) => Object.values(t).join('\n');
    for (const w of ['誤差逆伝播法', '計算グラフ', '順伝播', '逆伝播', '勾配', '損失関数', '学習率', '認識精度', 'エポック']) assert.ok(all(ja).includes(w), `ja lacks ${w}`);
    for (const w of ['误差反向传播法', '计算图', '正向传播', '反向传播', '梯度', '损失函数', '学习率', '识别精度', 'epoch']) assert.ok(all(zhCN).includes(w), `zh-CN lacks ${w}`);
  });
});
