import { NoDigitError, Tensor, decodeImageGray, modelFromSafetensors, softmax, toMnistInput } from '../../src/browser';
import type { CurrentModel } from './current-model';
import { onLanguageChange, setPlain, setText, t } from './i18n';

/** The Draw page: a digit drawn on the canvas, or read from a PNG or JPEG, prepared like MNIST and read by the page's model. */
export function initDraw(current: CurrentModel): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const canvas = $<HTMLCanvasElement>('digit-canvas');
  const preview = $<HTMLCanvasElement>('digit-input');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const pctx = preview.getContext('2d')!;
  const errorBox = $('draw-error');
  /** The 28×28 input now (null: nothing drawn). */
  let input: Float32Array | null = null;
  let drawing = false;
  let last: [number, number] | null = null;
  let queued = false;

  // an empty canvas (or one with only a dot) asks for a digit instead of guessing one
  const showPrediction = () => {
    const box = $('prediction');
    const c = current.get();
    if (input === null || c === null) {
      box.innerHTML = input === null ? `<p class="hint" data-testid="draw-hint">${t('draw.hint')}</p>` : '';
      delete box.dataset.digit;
      return;
    }
    const { model } = c;
    const dtype = Object.values(model.params)[0]!.dtype;
    const p = softmax(model.predict(Tensor.from(input, { shape: [1, ...model.inputShape], dtype }))).data;
    const top = [...p.keys()].sort((a, b) => p[b]! - p[a]!)[0]!;
    box.dataset.digit = String(top);
    box.innerHTML = [...p]
      .map((v, d) => `<div class="bar${d === top ? ' top' : ''}" data-testid="prediction-${d}" data-value="${v}">${d} <span class="track"><span class="fill" style="width:${(100 * v).toFixed(1)}%"></span></span> ${v.toFixed(3)}</div>`)
      .join('');
  };

  const showInput = (x: Float32Array | null) => {
    input = x;
    pctx.fillStyle = 'black';
    pctx.fillRect(0, 0, preview.width, preview.height);
    if (x !== null) {
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
    }
    showPrediction();
  };

  const readCanvas = () => {
    queued = false;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const gray = new Float32Array(width * height);
    for (let i = 0; i < gray.length; i++) gray[i] = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    try {
      showInput(toMnistInput(gray, width, height)); // dark ink on white paper: inverted automatically
    } catch (e) {
      if (!(e instanceof NoDigitError)) throw e;
      showInput(null);
    }
  };
  const schedule = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(readCanvas);
    }
  };

  const clear = () => {
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    setPlain($('digit-source'), '');
    setPlain(errorBox, '');
    showInput(null);
  };

  const point = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    if ($('digit-source').textContent !== '') clear(); // drawing replaces an opened image
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

  // an image file goes the way of `scratchnet predict`: decoded to gray, the paper estimated, cropped and centred
  $<HTMLInputElement>('digit-image').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    (e.target as HTMLInputElement).value = '';
    if (file === undefined) return;
    clear();
    try {
      const img = decodeImageGray(new Uint8Array(await file.arrayBuffer()), { name: file.name });
      setText($('digit-source'), 'draw.readFrom', { file: file.name, w: img.width, h: img.height });
      showInput(toMnistInput(img.gray, img.width, img.height));
    } catch (err) {
      setPlain($('digit-source'), '');
      if (err instanceof NoDigitError) setText(errorBox, 'draw.noDigit', { file: file.name });
      else setPlain(errorBox, (err as Error).message);
      showInput(null);
    }
  });

  const showModel = () => {
    if (current.get() !== null) setPlain($('draw-model'), current.describe());
    showPrediction();
  };
  current.onChange(showModel);
  onLanguageChange(showModel);
  clear();
  fetch(new URL('pretrained.safetensors', document.baseURI))
    .then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (current.get() === null) current.set(modelFromSafetensors(bytes, 'pretrained.safetensors'), 'pretrained.safetensors');
    })
    .catch((e: Error) => {
      setText(errorBox, 'draw.pretrainedFailed', { message: e.message });
    });
}
