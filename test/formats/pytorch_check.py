"""Runs modules written by exportPytorch in PyTorch, for test/formats/pytorch-export.test.ts.

Usage: /usr/bin/python3 pytorch_check.py JOB.json   (Debian's python3-torch and python3-numpy)

JOB.json holds:
  cases:    [{dir, inputShape, lr, maskShapes, targets}]; each dir has net.py, model.safetensors, x.bin
            (float32 test images), xb.bin and tb.bin (a training batch; targets 'classes': int32 labels,
            'values': float32 rows), masks.bin (scratchnet's dropout masks for that batch, float32, in
            layer order). Writes dir/result.safetensors:
            'logits' of x in eval mode, 'train_logits' of xb in train mode, every book tensor
            after one SGD step of the module's loss_fn, and the loss in the metadata.
  fuzz:     {net, blob}: inputs for parse_safetensors (4-byte length, then the bytes, repeated);
            writes blob + '.json': per input the outcome, the time (the fastest of up to 3 runs when
            slow) and the peak of traced memory.
  mismatch: [{net, file}]: load() of a file that does not fit; the error message of each.
  package:  {net, file}: load() with a stand-in `safetensors` package on the path: was it used?
Prints one JSON object on stdout with the outcomes of mismatch and package, and per case any error.
"""
import hashlib
import importlib.util
import json
import os
import struct
import sys
import tempfile
import time
import tracemalloc
import traceback

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)
_count = [0]


def exported(path):
    """The module written by exportPytorch at path, imported under a fresh name."""
    _count[0] += 1
    spec = importlib.util.spec_from_file_location(f'exported{_count[0]}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SameMask(nn.Module):
    """nn.Dropout's training arithmetic, x·mask/(1 − p), with scratchnet's mask in place of a random one."""

    def __init__(self, mask, p):
        super().__init__()
        self.mask = mask
        self.p = p

    def forward(self, x):
        return x * self.mask / (1 - self.p)


def check_dropout_arithmetic(p):
    """What SameMask stands for, checked on the real nn.Dropout: kept values scaled by 1/(1 − p) in training, all passed at evaluation."""
    drop = nn.Dropout(p)
    x = torch.rand(4000) + 0.5
    y = drop.train()(x)
    kept = y != 0
    assert torch.allclose(y[kept], x[kept] / (1 - p)), f'nn.Dropout({p}) does not scale kept values by 1/(1 - p) in training'
    assert p == 0 or 0 < int(kept.sum()) < 4000, f'nn.Dropout({p}) kept {int(kept.sum())} of 4000 values'
    assert torch.equal(drop.eval()(x), x), f'nn.Dropout({p}) changes values at evaluation'


def write_safetensors(path, tensors, metadata):
    header, offset, chunks = {'__metadata__': metadata}, 0, []
    for name, a in tensors.items():
        raw = np.ascontiguousarray(a, dtype='<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    text = json.dumps(header).encode()
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))


def run_case(case):
    d = case['dir']
    module = exported(f'{d}/net.py')
    net = module.load(f'{d}/model.safetensors')
    x = torch.from_numpy(np.fromfile(f'{d}/x.bin', dtype='<f4').reshape(-1, *case['inputShape']))
    with torch.no_grad():
        logits = net(x)
    net = module.load(f'{d}/model.safetensors').train()
    masks = np.fromfile(f'{d}/masks.bin', dtype='<f4')
    drops = [(name, m) for name, m in net.named_children() if isinstance(m, nn.Dropout)]
    assert len(drops) == len(case['maskShapes']), f'{len(drops)} nn.Dropout modules, {len(case["maskShapes"])} masks'
    at = 0
    for (name, m), shape in zip(drops, case['maskShapes']):
        check_dropout_arithmetic(m.p)
        n = int(np.prod(shape))
        setattr(net, name, SameMask(torch.from_numpy(masks[at:at + n].reshape(shape)), m.p))
        at += n
    xb = torch.from_numpy(np.fromfile(f'{d}/xb.bin', dtype='<f4').reshape(-1, *case['inputShape']))
    if case['targets'] == 'classes':
        tb = torch.from_numpy(np.fromfile(f'{d}/tb.bin', dtype='<i4').astype(np.int64))
    else:
        tb = torch.from_numpy(np.fromfile(f'{d}/tb.bin', dtype='<f4').reshape(len(xb), -1))
    optimizer = torch.optim.SGD(net.parameter_groups(), lr=case['lr'])
    optimizer.zero_grad()
    out = net(xb)
    loss = module.loss_fn(out, tb)
    loss.backward()
    optimizer.step()
    own = dict(net.named_parameters())
    own.update(net.named_buffers())
    after = {book: (own[name].T if transposed else own[name]).detach().numpy() for name, book, transposed in module.BOOK_NAMES}
    tensors = {'logits': logits.numpy(), 'train_logits': out.detach().numpy(), **after}
    write_safetensors(f'{d}/result.safetensors', tensors, {'loss': repr(loss.item())})


def fingerprint(tensors):
    """The same digest as the test's: name, shape and little-endian bytes of each tensor, in name order."""
    h = hashlib.sha1()
    for name in sorted(tensors):
        a = tensors[name]
        h.update(name.encode() + b'\0' + ','.join(map(str, a.shape)).encode() + b'\0' + a.tobytes())
    return h.hexdigest()


def run_fuzz(job):
    parse = exported(job['net']).parse_safetensors
    with open(job['blob'], 'rb') as f:
        blob = memoryview(f.read())
    inputs, at = [], 0
    while at < len(blob):
        (n,) = struct.unpack('<I', blob[at:at + 4])
        inputs.append(blob[at + 4:at + 4 + n])
        at += 4 + n
    outcomes, times, peaks = [], [], []
    tracemalloc.start()
    for data in inputs:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        t0 = time.perf_counter()
        try:
            outcome = 'ok ' + fingerprint(parse(data, 'fuzz.safetensors'))
        except ValueError as e:
            outcome = 'ValueError ' + str(e)
        except Exception as e:  # noqa: BLE001: the test reports any other type as a failure
            outcome = f'{type(e).__name__} {e}'
        ms = (time.perf_counter() - t0) * 1000
        peaks.append(tracemalloc.get_traced_memory()[1] - base)
        for _ in range(2):  # a hostile input is slow every time; a pause of a shared machine is not
            if ms < 250:
                break
            t0 = time.perf_counter()
            try:
                parse(data, 'fuzz.safetensors')
            except Exception:  # noqa: BLE001: the outcome was recorded above
                pass
            ms = min(ms, (time.perf_counter() - t0) * 1000)
        times.append(ms)
        outcomes.append(outcome)
    tracemalloc.stop()
    with open(job['blob'] + '.json', 'w') as f:
        json.dump({'outcomes': outcomes, 'ms': times, 'peak': peaks}, f)


STAND_IN = '''
import json, math
import numpy as np
CALLS = []
def load_file(path):
    CALLS.append(path)
    with open(path, 'rb') as f:
        data = f.read()
    n = int.from_bytes(data[:8], 'little')
    header = json.loads(data[8:8 + n])
    return {k: np.frombuffer(data, dtype={'F32': '<f4', 'F64': '<f8'}[v['dtype']], count=math.prod(v['shape']),
                             offset=8 + n + v['data_offsets'][0]).reshape(v['shape'])
            for k, v in header.items() if k != '__metadata__'}
'''


def run_package(job):
    """load() through a stand-in safetensors.numpy.load_file (Debian has no python3-safetensors): used, and the same weights."""
    module = exported(job['net'])
    plain = module.load(job['file'])
    folder = tempfile.mkdtemp()
    os.makedirs(f'{folder}/safetensors')
    open(f'{folder}/safetensors/__init__.py', 'w').close()
    with open(f'{folder}/safetensors/numpy.py', 'w') as f:
        f.write(STAND_IN)
    sys.path.insert(0, folder)
    try:
        via = module.load(job['file'])
        import safetensors.numpy as stand_in
        calls = list(stand_in.CALLS)
    finally:
        sys.path.remove(folder)
        for name in [n for n in sys.modules if n == 'safetensors' or n.startswith('safetensors.')]:
            del sys.modules[name]
    same = all(torch.equal(a, b) for a, b in zip(plain.state_dict().values(), via.state_dict().values()))
    return {'calls': calls, 'same': same}


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    report = {'errors': {}, 'mismatch': [], 'package': None}
    for case in job.get('cases', []):
        try:
            run_case(case)
        except Exception:  # noqa: BLE001: reported per case, the others still run
            report['errors'][case['dir']] = traceback.format_exc()
    if 'fuzz' in job:
        run_fuzz(job['fuzz'])
    for m in job.get('mismatch', []):
        try:
            exported(m['net']).load(m['file'])
            report['mismatch'].append('loaded')
        except ValueError as e:
            report['mismatch'].append(f'ValueError {e}')
    if 'package' in job:
        report['package'] = run_package(job['package'])
    print(json.dumps(report))


main()
