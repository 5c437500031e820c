import { en, type Key, type Table } from './en.js';
import { ja } from './ja.js';
import { zhCN } from './zh-CN.js';

export type { Key } from './en.js';
export type Lang = 'en' | 'ja' | 'zh-CN';
export const LANGS: readonly { readonly code: Lang; readonly name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ja', name: '日本語' },
  { code: 'zh-CN', name: '简体中文' },
];
const TABLES: Record<Lang, Table> = { en, ja, 'zh-CN': zhCN };
const STORAGE_KEY = 'scratchnet.lang';

/** A text of the page not yet put into words: a key and its values (which may be texts themselves). */
export interface Msg {
  readonly k: Key;
  readonly a?: Args;
}
export type Args = Readonly<Record<string, string | number | Msg>>;

let current: Lang = 'en';
const listeners: (() => void)[] = [];

/** The text of `key` in the chosen language, `{name}` filled from `args`. */
export function t(key: Key, args: Args = {}): string {
  return TABLES[current][key].replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = args[name];
    return v === undefined ? m : typeof v === 'object' ? t(v.k, v.a) : String(v);
  });
}

export const msg = (k: Key, a?: Args): Msg => (a === undefined ? { k } : { k, a });

/** Puts `key`'s text into `el` and remembers it, so that a change of language rewrites it. */
export function setText(el: HTMLElement, key: Key, args?: Args): void {
  el.dataset.i18n = key;
  if (args === undefined) delete el.dataset.i18nArgs;
  else el.dataset.i18nArgs = JSON.stringify(args);
  el.textContent = t(key, args);
}

/** Text that is no translation (a message of the library, a file name): shown as it is and forgotten by the language switch. */
export function setPlain(el: HTMLElement, text: string): void {
  delete el.dataset.i18n;
  delete el.dataset.i18nArgs;
  el.textContent = text;
}

/** A tooltip from the table (null: none), rewritten on a change of language. */
export function setTitle(el: HTMLElement, key: Key | null, args?: Args): void {
  if (key === null) {
    delete el.dataset.i18nTitle;
    delete el.dataset.i18nTitleArgs;
    el.title = '';
    return;
  }
  el.dataset.i18nTitle = key;
  if (args === undefined) delete el.dataset.i18nTitleArgs;
  else el.dataset.i18nTitleArgs = JSON.stringify(args);
  el.title = t(key, args);
}

/** Rewrites every element that holds a text of the table. */
function relabel(root: ParentNode = document): void {
  const args = (el: HTMLElement) => (el.dataset.i18nArgs === undefined ? undefined : (JSON.parse(el.dataset.i18nArgs) as Args));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Key, args(el));
  // markup of the page's own tables only (code, b): never values from outside
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-html]')) el.innerHTML = t(el.dataset.i18nHtml as Key);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as Key));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as Key, el.dataset.i18nTitleArgs === undefined ? undefined : (JSON.parse(el.dataset.i18nTitleArgs) as Args));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel as Key));
  document.title = t('page.title');
  document.documentElement.lang = current;
}

const isLang = (s: string | null | undefined): s is Lang => LANGS.some((l) => l.code === s);

/** en, ja or zh-CN from a browser's language tag ("ja-JP", "zh", "zh-Hans-CN"); null for others. */
export function langOf(tag: string): Lang | null {
  const t = tag.toLowerCase();
  if (t.startsWith('ja')) return 'ja';
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('en')) return 'en';
  return null;
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (some private windows): the choice lasts this visit only
  }
}

export function language(): Lang {
  return current;
}

export function setLanguage(lang: Lang, remember = true): void {
  current = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // not kept: see stored()
    }
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url);
    }
  }
  relabel();
  for (const l of listeners) l();
}

export function onLanguageChange(listener: () => void): void {
  listeners.push(listener);
}

/** The language from ?lang=, else the one chosen before, else the browser's; then the switch in the header. */
export function initLanguage(select: HTMLSelectElement): void {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const chosen = isLang(fromUrl) ? fromUrl : stored();
  const lang = isLang(chosen) ? chosen : (navigator.languages ?? [navigator.language]).map(langOf).find((l) => l !== null) ?? 'en';
  select.innerHTML = LANGS.map((l) => `<option value="${l.code}" lang="${l.code}">${l.name}</option>`).join('');
  select.value = lang;
  select.addEventListener('change', () => setLanguage(select.value as Lang));
  setLanguage(lang, false);
}
