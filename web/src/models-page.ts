import { ModelStore, describeModel, downloadModel, modelFromBlob, openModelStore, type Model, type StoredModelInfo } from '../../src/browser';
import { digitModelProblem, type CurrentModel } from './current-model';

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

  const say = (text: string, bad = false) => {
    message.textContent = bad ? '' : text;
    error.textContent = bad ? text : '';
  };

  const showCurrent = () => {
    $('current-model').textContent = current.describe();
    $<HTMLButtonElement>('model-download').disabled = current.get() === null;
    storeButton.disabled = current.get() === null || store === null;
  };
  current.onChange(showCurrent);

  /** Makes `model` the page's model when the page can read digits with it, else throws why not. */
  const use = (model: Model, source: string): void => {
    const problem = digitModelProblem(model);
    if (problem !== null) throw new Error(`${source}: ${problem}`);
    current.set(model, source);
  };

  const row = (m: StoredModelInfo) => {
    const name = esc(m.name);
    return `<tr data-testid="stored-model" data-name="${name}"><td>${name}</td><td>${esc(m.description)}</td><td>${size(m.bytes)}</td><td>${m.savedAt.toLocaleString()}</td>
      <td><button data-testid="model-restore" data-name="${name}">Restore</button> <button data-testid="model-delete" data-name="${name}">Delete</button></td></tr>`;
  };
  const refresh = async () => {
    if (store === null) return;
    const models = await store.list();
    list.innerHTML = models.length === 0 ? '<p class="hint" data-testid="stored-empty">No models stored in this browser yet.</p>' : `<table><tr><th>name</th><th>model</th><th>size</th><th>stored</th><th></th></tr>${models.map(row).join('')}</table>`;
  };
  /** Runs an action on the store, turning its typed errors into the page's message. */
  const act = async (action: (s: ModelStore) => Promise<string>) => {
    if (store === null) return;
    try {
      say(await action(store));
    } catch (e) {
      say(`${(e as Error).message.replace(/\.?$/, '.')} The page keeps ${current.describe()}.`, true);
    }
    await refresh().catch((e: Error) => say(e.message, true));
  };

  $('model-download').addEventListener('click', () => {
    const c = current.get();
    if (c === null) return;
    const file = `${(nameIn.value.trim() || c.model.config().model) as string}.safetensors`.replace(/[\\/:*?"<>|]/g, '_');
    downloadModel(c.model, file);
    say(`Downloaded ${file}: open it here later, or use it with scratchnet eval and predict.`);
  });

  $<HTMLInputElement>('model-upload').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    try {
      const model = await modelFromBlob(file);
      use(model, `uploaded ${file.name}`);
      say(`Opened ${file.name}: ${describeModel(model)}. The Draw page reads digits with it now.`);
    } catch (err) {
      say(`${(err as Error).message.replace(/\.?$/, '.')} The page keeps ${current.describe()}.`, true);
    }
  });

  storeButton.addEventListener('click', () => {
    const c = current.get();
    const name = nameIn.value.trim();
    if (c === null || name === '') return say(c === null ? 'No model to store yet.' : 'Give the model a name to store it under.', true);
    void act(async (s) => {
      const info = await s.save(name, c.model);
      return `Stored '${info.name}' (${size(info.bytes)}) in this browser.`;
    });
  });

  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('button');
    const name = button?.dataset.name;
    if (!button || name === undefined) return;
    if (button.dataset.testid === 'model-restore') {
      void act(async (s) => {
        const model = await s.load(name);
        use(model, `stored '${name}'`);
        return `Restored '${name}': ${describeModel(model)}.`;
      });
    } else if (button.dataset.testid === 'model-delete') {
      void act(async (s) => ((await s.delete(name)) ? `Deleted '${name}'.` : `'${name}' was already gone.`));
    }
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
      say(`${e.message}`, true);
    });
}
