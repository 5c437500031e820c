import { ModelStore, describeModel, downloadModel, modelFromBlob, openModelStore, type Model, type StoredModelInfo } from '../../src/browser';
import { digitModelProblem, type CurrentModel } from './current-model';
import { language, msg, onLanguageChange, setPlain, setText, t, type Msg } from './i18n';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const size = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`);

/** The Models page: download and upload .safetensors files, keep models in the browser's IndexedDB. */
export function initModels(current: CurrentModel): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const message = $('models-message');
  const error = $('models-error');
  const list = $('stored-models');
  const nameIn = $<HTMLInputElement>('model-name');
  const storeButton = $<HTMLButtonElement>('model-store');
  let store: ModelStore | null = null;

  /** A message (a text of the table, or the library's words as they are) in the message or the error line. */
  const say = (text: Msg | string, bad = false) => {
    const [show, clear] = bad ? [error, message] : [message, error];
    setPlain(clear, '');
    if (typeof text === 'string') setPlain(show, text);
    else setText(show, text.k, text.a);
  };
  /** The library's error, and that the page goes on with its model. */
  const refused = (e: unknown) => say(msg('models.keeps', { error: (e as Error).message.replace(/\.?$/, '.'), model: current.describeMsg() }), true);

  const showCurrent = () => {
    $('current-model').textContent = current.describe();
    delete $('current-model').dataset.i18n;
    $<HTMLButtonElement>('model-download').disabled = current.get() === null;
    storeButton.disabled = current.get() === null || store === null;
  };
  current.onChange(showCurrent);

  /** Makes `model` the page's model when the page can read digits with it, else throws why not. */
  const use = (model: Model, source: Msg): void => {
    const problem = digitModelProblem(model);
    if (problem !== null) throw new Error(`${t(source.k, source.a)}: ${problem}`);
    current.set(model, source);
  };

  const row = (m: StoredModelInfo) => {
    const name = esc(m.name);
    return `<tr data-testid="stored-model" data-name="${name}"><td>${name}</td><td>${esc(m.description)}</td><td>${size(m.bytes)}</td><td>${m.savedAt.toLocaleString(language())}</td>
      <td><button data-testid="model-restore" data-name="${name}">${esc(t('models.restore'))}</button> <button data-testid="model-delete" data-name="${name}">${esc(t('models.delete'))}</button></td></tr>`;
  };
  const refresh = async () => {
    if (store === null) return;
    const models = await store.list();
    const head = (['models.colName', 'models.colModel', 'models.colSize', 'models.colStored'] as const).map((k) => `<th>${esc(t(k))}</th>`).join('');
    list.innerHTML = models.length === 0 ? `<p class="hint" data-testid="stored-empty">${esc(t('models.empty'))}</p>` : `<table><tr>${head}<th></th></tr>${models.map(row).join('')}</table>`;
  };
  /** Runs an action on the store, turning its typed errors into the page's message. */
  const act = async (action: (s: ModelStore) => Promise<Msg>) => {
    if (store === null) return;
    try {
      say(await action(store));
    } catch (e) {
      refused(e);
    }
    await refresh().catch((e: Error) => say(e.message, true));
  };

  $('model-download').addEventListener('click', () => {
    const c = current.get();
    if (c === null) return;
    const file = `${(nameIn.value.trim() || c.model.config().model) as string}.safetensors`.replace(/[\\/:*?"<>|]/g, '_');
    downloadModel(c.model, file);
    say(msg('models.downloaded', { file }));
  });

  $<HTMLInputElement>('model-upload').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    try {
      const model = await modelFromBlob(file);
      use(model, msg('source.uploaded', { file: file.name }));
      say(msg('models.opened', { file: file.name, model: describeModel(model) }));
    } catch (err) {
      refused(err);
    }
  });

  storeButton.addEventListener('click', () => {
    const c = current.get();
    const name = nameIn.value.trim();
    if (c === null || name === '') return say(msg(c === null ? 'models.noModel' : 'models.needName'), true);
    void act(async (s) => {
      const info = await s.save(name, c.model);
      return msg('models.stored', { name: info.name, size: size(info.bytes) });
    });
  });

  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('button');
    const name = button?.dataset.name;
    if (!button || name === undefined) return;
    if (button.dataset.testid === 'model-restore') {
      void act(async (s) => {
        const model = await s.load(name);
        use(model, msg('source.stored', { name }));
        return msg('models.restored', { name, model: describeModel(model) });
      });
    } else if (button.dataset.testid === 'model-delete') {
      void act(async (s) => msg((await s.delete(name)) ? 'models.deleted' : 'models.gone', { name }));
    }
  });

  onLanguageChange(() => {
    showCurrent();
    void refresh().catch((e: Error) => say(e.message, true));
  });
  showCurrent();
  openModelStore()
    .then(async (s) => {
      store = s;
      showCurrent();
      await refresh();
    })
    .catch((e: Error) => {
      list.innerHTML = '';
      say(e.message, true);
    });
}
