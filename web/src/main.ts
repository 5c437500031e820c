import { initDraw } from './draw';
import { initExplorer } from './explorer';
import { CurrentModel } from './current-model';
import { initLanguage } from './i18n';
import { initModels } from './models-page';
import { initOwnData } from './own-data';
import { initTraining } from './train-page';

function show(page: string): void {
  const target = document.getElementById(page) ? page : 'explorer';
  for (const el of document.querySelectorAll<HTMLElement>('.page')) el.classList.toggle('active', el.id === target);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) a.classList.toggle('active', a.dataset.page === target);
}

// the words first: every page below writes its text through the chosen language's table
initLanguage(document.getElementById('language-switch') as HTMLSelectElement);
window.addEventListener('hashchange', () => show(location.hash.slice(1)));
show(location.hash.slice(1));
initExplorer();
const current = new CurrentModel();
initTraining(current);
initDraw(current);
initModels(current);
initOwnData();
