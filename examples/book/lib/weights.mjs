// Trained weights for the examples that need them, as the book's scripts load its .pkl files:
// the book's own file (--weights FILE.pkl), a scratchnet model file, or what our training example saved.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadModel, modelFileBytes, parsePickle, setBookParams } from 'scratchnet';
import { fail, shown } from './example.mjs';

/** Copies `from`'s parameters into `model`, cast to its dtype (names and shapes checked by setParams). */
function copyParams(model, from) {
  const own = model.params;
  model.setParams(Object.fromEntries(Object.entries(from.params).map(([k, t]) => [k, own[k] ? t.astype(own[k].dtype) : t])));
}

/** Loads `file` (.pkl as the book saves it, or .safetensors) into `model`; returns a line saying what was loaded. */
export function loadWeights(model, file) {
  if (!existsSync(file)) fail(`${file}: no such file`);
  try {
    if (file.endsWith('.pkl')) {
      const taken = setBookParams(model, parsePickle(readFileSync(file), basename(file)), basename(file));
      return `weights: ${shown(file)} (the book's pickle: ${taken.length} arrays, ${[...new Set(taken.map((p) => p.fileDtype))].join('/')})`;
    }
    copyParams(model, loadModel(file));
    return `weights: ${shown(file)}`;
  } catch (e) {
    fail(e.message);
  }
}

/** Where our training example saves its weights: NAME.safetensors, or NAME-quick.safetensors after a --quick run. */
export function savedWeights(ex, name) {
  for (const f of [`${name}.safetensors`, `${name}-quick.safetensors`]) if (existsSync(ex.path(f))) return ex.path(f);
  return null;
}

/** Saves a trained model where savedWeights finds it (the -quick name for a --quick run). */
export function saveWeights(ex, name, model, quick, note) {
  return ex.save(`${name}${quick ? '-quick' : ''}.safetensors`, modelFileBytes(model, { note }));
}

/**
 * The weights an example of chapter 7 or 8 runs with: --weights FILE, else what `trainer` (our
 * training example) saved, else a one-line error saying how to get them.
 */
export function requireWeights(ex, model, { file, name, trainer, book }) {
  if (file) return loadWeights(model, file);
  const saved = savedWeights(ex, name);
  if (saved === null) {
    fail(`${ex.name} needs trained weights: pass the book's ${book} with --weights, or run 'npm run example -- ${trainer}' first (add --quick for a short run)`);
  }
  return loadWeights(model, saved);
}

