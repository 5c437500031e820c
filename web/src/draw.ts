import { NoDigitError, Tensor, modelFromSafetensors, softmax, toMnistInput, type Model } from '../../src/browser';
import type { TrainingSource } from './train-page';

export function initDraw(training: TrainingSource): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const canvas = $<HTMLCanvasElement>('digit-canvas');
  const preview = $<HTMLCanvasElement>('digit-input');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const pctx = preview.getContext('2d')!;
  const errorBox = $('draw-error');
  let model: Model | null = null;
  let drawing = false;
  let last: [number, number] | null = null;
  let queued = false;

  // an empty canvas (or one with only a dot) asks for a digit instead of guessing one
  const askForDigit = () => {
    pctx.fillStyle = 'black';
    pctx.fillRect(0, 0, preview.width, preview.height);
    $('prediction').innerHTML = '<p class="hint" data-testid="draw-hint">Draw a digit</p>';
    delete $('prediction').dataset.digit;
  };

  const clear = () => {
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    askForDigit();
  };

  const predict = () => {
    queued = false;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const gray = new Float32Array(width * height);
    for (let i = 0; i < gray.length; i++) gray[i] = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    let x: Float32Array;
    try {
      x = toMnistInput(gray, width, height); // dark ink on white paper: inverted automatically
    } catch (e) {
      if (e instanceof NoDigitError) return askForDigit();
      throw e;
    }
    const img = pctx.createImageData(28, 28);
    x.forEach((v, i) => {
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = Math.round(v * 255);
      img.data[4 * i + 3] = 255;
    });
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    small.getContext('2d')!.putImageData(img, 0, 0);
    pctx.imageSmoothingEnabled = false;
    pctx.drawImage(small, 0, 0, preview.width, preview.height);
    if (model === null) return;
    const dtype = Object.values(model.params)[0]!.dtype;
    const p = softmax(model.predict(Tensor.from(x, { shape: [1, ...model.inputShape], dtype }))).data;
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]!)[0]!;
    const box = $('prediction');
    box.dataset.digit = String(top);
    box.innerHTML = [...p]
      .map((v, d) => `<div class="bar${d === top ? ' top' : ''}" data-testid="prediction-${d}" data-value="${v}">${d} <span class="fill" style="width:${Math.round(v * 200)}px"></span> ${v.toFixed(3)}</div>`)
      .join('');
  };
  const schedule = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(predict);
    }
  };

  const point = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing || last === null) return;
    const p = point(e);
    ctx.strokeStyle = 'black';
    ctx.lineWidth = 18;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...last);
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
    schedule();
  });
  const stop = () => {
    drawing = false;
    last = null;
    schedule();
  };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  $('digit-clear').addEventListener('click', clear);

  const useTrained = () => {
    const t = training.latest();
    if (t === null) return;
    try {
      model = modelFromSafetensors(t.bytes, 'the model trained on this page');
      $('draw-model').textContent = `the model you trained on the Live training page (iteration ${t.iter})`;
      schedule();
    } catch (e) {
      errorBox.textContent = (e as Error).message;
    }
  };
  training.onModel(useTrained);
  clear();
  fetch(new URL('pretrained.safetensors', document.baseURI))
    .then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (model === null) {
        model = modelFromSafetensors(bytes, 'pretrained.safetensors');
        schedule();
      }
    })
    .catch((e: Error) => {
      errorBox.textContent = `The pretrained model could not be loaded (pretrained.safetensors: ${e.message}). Train one on the Live training page and it will be used here.`;
    });
}
