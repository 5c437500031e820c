"""Tables for comparing scratchnet's defaults on your own data with scikit-learn's.

Writes, for each data set and each of SPLITS seeded train/test splits (75/25,
stratified for classification), DIR/NAME/SEED/train.csv and test.csv with the
target in a column named "target", and prints what it wrote as JSON lines.
Real tables: the ones scikit-learn ships (no download). Synthetic ones: made
here from fixed seeds.

Usage: /usr/bin/python3 bench/own-data/datasets.py OUT_DIR [--splits N]
"""
import json
import os
import sys

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split


def tables():
    """(name, task, X, y, feature names, class names or None)."""
    out = []
    for name, loader in [('iris', datasets.load_iris), ('wine', datasets.load_wine), ('breast_cancer', datasets.load_breast_cancer)]:
        d = loader()
        out.append((name, 'classification', d.data, d.target, list(d.feature_names), list(d.target_names)))
    d = datasets.load_digits()
    out.append(('digits', 'classification', d.data, d.target, [f'pixel{i}' for i in range(64)], None))
    d = datasets.load_diabetes(scaled=False)
    out.append(('diabetes', 'regression', d.data, d.target, list(d.feature_names), None))
    X, y = datasets.make_moons(n_samples=1000, noise=0.25, random_state=0)
    out.append(('moons (synthetic)', 'classification', X, y, ['x1', 'x2'], None))
    X, y = datasets.make_classification(n_samples=1000, n_features=20, n_informative=8, n_classes=4, random_state=0)
    out.append(('make_classification (synthetic)', 'classification', X, y, [f'f{i}' for i in range(20)], None))
    X, y = datasets.make_friedman1(n_samples=1000, noise=1.0, random_state=0)
    out.append(('friedman1 (synthetic)', 'regression', X, y, [f'x{i}' for i in range(10)], None))
    X, y = datasets.make_regression(n_samples=500, n_features=10, n_informative=5, noise=10.0, random_state=0)
    out.append(('make_regression (synthetic)', 'regression', X, y, [f'x{i}' for i in range(10)], None))
    return out


def write_csv(path, X, y, features, classes):
    with open(path, 'w') as f:
        f.write(','.join(json.dumps(c) if ',' in c else c for c in features) + ',target\n')
        for row, t in zip(X, y):
            target = classes[int(t)] if classes is not None else (str(int(t)) if float(t).is_integer() else repr(float(t)))
            f.write(','.join(repr(float(v)) for v in row) + ',' + target + '\n')


def main():
    out_dir = sys.argv[1]
    splits = int(sys.argv[sys.argv.index('--splits') + 1]) if '--splits' in sys.argv else 5
    for name, task, X, y, features, classes in tables():
        for seed in range(splits):
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=seed, stratify=y if task == 'classification' else None)
            d = os.path.join(out_dir, name.split(' ')[0], str(seed))
            os.makedirs(d, exist_ok=True)
            write_csv(os.path.join(d, 'train.csv'), Xtr, ytr, features, classes)
            write_csv(os.path.join(d, 'test.csv'), Xte, yte, features, classes)
            print(json.dumps({'name': name, 'task': task, 'seed': seed, 'dir': d, 'rows': len(X), 'features': len(features)}))


if __name__ == '__main__':
    main()
