"""PyTorch CPU on the same workloads. Usage: python3 bench/peers/torch_peer.py W1|W2|W3|W4|deep|lstm [--quick]
Prints one JSON object per measurement."""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_book import load_mnist, time_iterations  # noqa: E402  (the same IDX reader and timer)

threads = int(os.environ.get("BENCH_THREADS", "1"))
torch.set_num_threads(threads)
PEER = {"peer": "PyTorch CPU", "version": torch.__version__, "threads": threads}


def report(**kw):
    print(json.dumps({**PEER, **kw}), flush=True)


def mlp(sizes, std=None):
    layers = []
    for i in range(len(sizes) - 1):
        lin = nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            lin.weight.normal_(0, std if std is not None else (2.0 / sizes[i]) ** 0.5)
            lin.bias.zero_()
        layers += [lin] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
    return nn.Sequential(*layers)


def simple_conv():
    return nn.Sequential(nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10))


def deep_conv():
    """The book's DeepConvNet (scratchnet's DeepConvNet): six 3×3 convolutions, three poolings, two affine layers with dropout."""
    def conv(cin, cout, pad):
        return [nn.Conv2d(cin, cout, 3, padding=pad), nn.ReLU()]
    return nn.Sequential(*conv(1, 16, 1), *conv(16, 16, 1), nn.MaxPool2d(2, 2), *conv(16, 32, 1), *conv(32, 32, 2), nn.MaxPool2d(2, 2),
                         *conv(32, 64, 1), *conv(64, 64, 1), nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(64 * 4 * 4, 50), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(50, 10), nn.Dropout(0.5))


def accuracy(model, x, t):
    with torch.no_grad():
        return sum(int((model(x[i:i + 1000]).argmax(1) == t[i:i + 1000]).sum()) for i in range(0, len(x), 1000)) / len(x)


def main():
    workload, quick = sys.argv[1], "--quick" in sys.argv
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    if workload == "W1":
        xtr, ttr, xte, tte = (torch.from_numpy(np.ascontiguousarray(a)) for a in load_mnist())
        model = mlp([784, 50, 10], std=0.01)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        iters, steps = (1000 if quick else 10000), []
        t0 = time.perf_counter()
        for i in range(iters):
            s = time.perf_counter()
            idx = torch.from_numpy(rng.choice(60000, 100))
            opt.zero_grad()
            F.cross_entropy(model(xtr[idx]), ttr[idx]).backward()
            opt.step()
            steps.append((time.perf_counter() - s) * 1000)
            if (i + 1) % 600 == 0 or i + 1 == iters:
                accuracy(model, xtr, ttr)
                acc = accuracy(model, xte, tte)
        report(workload=workload, metric="whole run", value=time.perf_counter() - t0, unit="s", testAcc=acc)
        report(workload=workload, metric="training iteration", value=float(np.median(steps)), unit="ms")
    elif workload in ("W2", "W3", "deep"):
        conv = workload in ("W2", "deep")
        xtr, ttr, _, _ = load_mnist(flatten=not conv)
        mask = rng.choice(10000, 100)
        xb, tb = torch.from_numpy(np.ascontiguousarray(xtr[mask])), torch.from_numpy(ttr[mask])
        model = deep_conv() if workload == "deep" else simple_conv() if conv else mlp([784, 100, 100, 100, 100, 10])
        opt = torch.optim.Adam(model.parameters(), lr=0.001)

        def step():
            opt.zero_grad()
            F.cross_entropy(model(xb), tb).backward()
            opt.step()
        if workload == "deep":
            ms = time_iterations(step, 3 if quick else 10, 2)
            report(workload=workload, metric="training iteration", value=ms, unit="ms")
            report(workload=workload, metric="epoch (600 steps, from the median)", value=ms * 600 / 1000, unit="s")
        else:
            report(workload=workload, metric="training iteration", value=time_iterations(step, (5 if quick else 20) if conv else (50 if quick else 300)), unit="ms")
    elif workload == "W4":
        for name, m, k, n, ta, tb in [("X·W 100×784·784×50", 100, 784, 50, False, False), ("Xᵀ·dY 784×100·100×50", 784, 100, 50, True, False),
                                      ("dY·Wᵀ 100×50·50×784", 100, 50, 784, False, True), ("im2col 57600×25·25×30", 57600, 25, 30, False, False),
                                      ("1024²", 1024, 1024, 1024, False, False)]:
            a = torch.randn((k, m) if ta else (m, k))
            b = torch.randn((n, k) if tb else (k, n))
            ms = time_iterations(lambda: torch.mm(a.t() if ta else a, b.t() if tb else b), 5 if quick else 30)
            report(workload=workload, metric=name, value=2 * m * n * k / ms / 1e6, unit="GFLOPS")
    elif workload == "lstm":
        # torch.nn.LSTM orders its gates i, f, g, o; the work is the same (N 128, T 30, D 16, H 256)
        lstm = nn.LSTM(16, 256, batch_first=True)
        xs = torch.randn(128, 30, 16, requires_grad=True)
        dhs = torch.randn(128, 30, 256)

        def step():
            lstm.zero_grad()
            hs, _ = lstm(xs)
            hs.backward(dhs)
        report(workload=workload, metric="TimeLSTM forward+backward", value=time_iterations(step, 3 if quick else 10, 2), unit="ms")
    else:
        sys.exit("usage: torch_peer.py W1|W2|W3|W4|deep|lstm [--quick]")


if __name__ == "__main__":
    main()
