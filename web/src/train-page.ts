import { bucketMeans, lineChartSvg, modelFromSafetensors } from '../../src/browser';
import type { CurrentModel } from './current-model';
import type { FromWorker, ToWorker } from './train-worker';

export function initTraining(current: CurrentModel): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const button = $<HTMLButtonElement>('train-start');
  let worker: Worker | null = null;
  let phase: 'idle' | 'running' | 'paused' = 'idle';
  let losses: number[] = [];
  let accuracy: [number, number][] = [];
  let chartQueued = false;

  const drawCharts = () => {
    chartQueued = false;
    $('train-charts').innerHTML = lineChartSvg([
      { xLabel: 'iteration', yLabel: 'loss', series: [{ name: 'loss', points: bucketMeans(losses, 300).points }] },
      { xLabel: 'iteration', yLabel: 'test accuracy', series: [{ name: 'test accuracy', points: accuracy }], yRange: [0, 1], legend: 'bottom' },
    ]);
  };

  const setPhase = (p: typeof phase) => {
    phase = p;
    button.textContent = p === 'running' ? 'Pause' : p === 'paused' ? 'Resume' : 'Start';
    $('train-status').textContent = p === 'running' ? 'training…' : p === 'paused' ? 'paused' : '';
  };

  const send = (m: ToWorker) => worker!.postMessage(m);
  button.addEventListener('click', () => {
    if (phase === 'running') {
      send({ type: 'pause' });
      setPhase('paused');
      return;
    }
    if (phase === 'paused') {
      send({ type: 'resume' });
      setPhase('running');
      return;
    }
    worker ??= new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'progress') {
        losses.push(...m.losses);
        // every iteration's loss, readable from the console (and by the tests)
        (window as unknown as { __trainLosses: number[] }).__trainLosses = losses;
        $('train-iter').textContent = String(m.iter);
        $('train-loss').textContent = m.loss.toFixed(4);
        $('train-loss').dataset.value = String(m.loss);
        $('train-speed').textContent = m.itPerSec.toFixed(0);
        $('train-kernels').textContent = m.kernels;
      } else if (m.type === 'accuracy') {
        accuracy.push([m.iter, m.testAcc]);
        $('train-acc').textContent = m.testAcc.toFixed(3);
      } else if (m.type === 'model') {
        current.set(modelFromSafetensors(m.bytes, 'the model trained on this page'), `trained on this page, iteration ${m.iter}`);
      } else {
        $('train-status').textContent = `error: ${m.message}`;
        setPhase('idle');
      }
      if (!chartQueued) {
        chartQueued = true;
        requestAnimationFrame(drawCharts);
      }
    };
    losses = [];
    accuracy = [];
    const model = $<HTMLSelectElement>('train-model').value as 'two-layer' | 'simple-conv';
    send({ type: 'start', model, optimizer: $<HTMLSelectElement>('train-optimizer').value, dataUrl: new URL('mnist-subset.bin', document.baseURI).href });
    setPhase('running');
  });
  for (const id of ['train-model', 'train-optimizer']) {
    $(id).addEventListener('change', () => {
      if (phase !== 'idle') send({ type: 'pause' });
      setPhase('idle');
    });
  }
}
