"""scikit-learn with its defaults on the splits datasets.py wrote: what a careful user gets with no tuning.

For each split (a folder with train.csv and test.csv, target column "target") it fits
  - StandardScaler + MLPClassifier / MLPRegressor (one hidden layer of 100 ReLU units, Adam, default
    max_iter and tolerance; random_state=0; the regressor's target standardized too, as a careful user
    would, since MLPRegressor leaves it in its units), and
  - the same MLP with early_stopping=True (a tenth held back, as our default holds back a fifth),
  - StandardScaler + LogisticRegression / Ridge (defaults; LogisticRegression with max_iter=1000 so it converges),
and prints a JSON line: accuracy (classification) or R² (regression) on test.csv.

Usage: /usr/bin/python3 bench/own-data/sklearn_reference.py TASK DIR [DIR ...]
"""
import csv
import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def read(path, task):
    with open(path) as f:
        rows = list(csv.reader(f))
    X = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    y = [r[-1] for r in rows[1:]]
    return X, (np.array(y) if task == 'classification' else np.array([float(v) for v in y]))


def main():
    task, dirs = sys.argv[1], sys.argv[2:]
    warnings.simplefilter('ignore', ConvergenceWarning)
    for d in dirs:
        Xtr, ytr = read(f'{d}/train.csv', task)
        Xte, yte = read(f'{d}/test.csv', task)
        if task == 'classification':
            models = {'mlp': MLPClassifier(random_state=0), 'mlp_es': MLPClassifier(random_state=0, early_stopping=True), 'linear': LogisticRegression(max_iter=1000)}
        else:
            models = {
                'mlp': TransformedTargetRegressor(MLPRegressor(random_state=0), transformer=StandardScaler()),
                'mlp_es': TransformedTargetRegressor(MLPRegressor(random_state=0, early_stopping=True), transformer=StandardScaler()),
                'linear': Ridge(),
            }
        scores = {}
        for key, model in models.items():
            pipe = make_pipeline(StandardScaler(), model).fit(Xtr, ytr)
            scores[key] = float(pipe.score(Xte, yte))  # accuracy or R²
        print(json.dumps({'dir': d, **scores}))


if __name__ == '__main__':
    main()
