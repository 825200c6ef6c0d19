"""R^2 on held-out rows of backprop's regression and scikit-learn's MLPRegressor, with the same data split, hidden
sizes, activation, optimizer, learning rate, batch size and epochs, measured in one run; and backprop with AdamW
(--weight-decay 0.1), the same run otherwise, which regularises more than scikit-learn's default alpha.

Run from the project root after ./mvnw package (needs numpy and scikit-learn):

    target/peers-venv/bin/python src/test/python/regression_vs_sklearn.py   (bench/peers/run makes that venv)

For each data set the rows are split once (a fifth held out, numpy seed 0) and written to temporary CSV files;
backprop trains on them with --normalize standard --normalize-targets, scikit-learn with StandardScaler on the
inputs and on the targets (TransformedTargetRegressor), so both fit the same standardised problem. scikit-learn
runs every epoch (n_iter_no_change = epochs, no early stopping) and keeps its default L2 penalty alpha = 1e-4
(1e-4 / 32 of the weights added to a batch's mean gradient); backprop has no weight decay. backprop starts as
scikit-learn does (--init sklearn: Glorot-uniform weights and biases; with zero biases, as --init xavier draws
them, scikit-learn's own R^2 on friedman1 falls from 0.9295 to 0.9232 over ten seeds). Both are scored by
sklearn.metrics.r2_score on the held-out targets, over ten seeds of the start weights and shuffling.
"""
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

JAR = ["java", "--add-modules", "jdk.incubator.vector", "-jar", "target/backprop.jar"]
SEEDS = list(range(1, 11))
SETTINGS = dict(hidden=64, epochs=200, lr=0.001, batch=32)
DATA = ["data/friedman1.csv", "data/diabetes.csv"]
# backprop's two runs: scikit-learn's algorithm (Adam, L2 aside), and the same with decoupled weight decay
OPTIMIZERS = {"backprop adam": ["--optimizer", "adam"],
              "backprop adamw": ["--optimizer", "adamw", "--weight-decay", "0.1"]}


def split(path):
    with open(path) as f:
        header = f.readline().strip()
    values = np.loadtxt(path, delimiter=",", skiprows=1)
    order = np.random.default_rng(0).permutation(len(values))
    held_out = len(values) // 5
    return header, values[order[held_out:]], values[order[:held_out]]


def write(path, header, rows):
    np.savetxt(path, rows, delimiter=",", header=header, comments="", fmt="%.9g")


def backprop_r2(train_csv, test_csv, test_y, seed, folder, optimizer):
    model = os.path.join(folder, "model.json")
    predictions = os.path.join(folder, "predictions.csv")
    s = SETTINGS
    subprocess.run(JAR + ["train", "--data", train_csv, "--task", "regression", "--hidden", str(s["hidden"]),
                          "--activation", "relu", "--init", "sklearn", "--lr", str(s["lr"]), "--batch",
                          str(s["batch"]), "--epochs", str(s["epochs"]), "--normalize", "standard",
                          "--normalize-targets", "--seed", str(seed), "--quiet", "--save", model] + optimizer,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(JAR + ["predict", "--model", model, "--data", test_csv, "--out", predictions], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    predicted = np.loadtxt(predictions, delimiter=",", skiprows=1)
    return r2_score(test_y, predicted)


def sklearn_r2(train, test, seed):
    s = SETTINGS
    mlp = MLPRegressor(hidden_layer_sizes=(s["hidden"],), activation="relu", solver="adam",
                       learning_rate_init=s["lr"], batch_size=s["batch"], max_iter=s["epochs"],
                       n_iter_no_change=s["epochs"], shuffle=True, random_state=seed)
    model = TransformedTargetRegressor(regressor=make_pipeline(StandardScaler(), mlp), transformer=StandardScaler())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(train[:, :-1], train[:, -1])
    return r2_score(test[:, -1], model.predict(test[:, :-1]))


def main():
    print(f"settings: 1 hidden layer of {SETTINGS['hidden']} relu, Adam lr {SETTINGS['lr']}, batch "
          f"{SETTINGS['batch']}, {SETTINGS['epochs']} epochs; R^2 on the held-out fifth, seeds {SEEDS}")
    for path in DATA:
        header, train, test = split(path)
        with tempfile.TemporaryDirectory() as folder:
            train_csv = os.path.join(folder, "train.csv")
            test_csv = os.path.join(folder, "test.csv")
            write(train_csv, header, train)
            write(test_csv, header, test)
            ours = {name: [backprop_r2(train_csv, test_csv, test[:, -1], seed, folder, optimizer)
                           for seed in SEEDS] for name, optimizer in OPTIMIZERS.items()}
        theirs = [sklearn_r2(train, test, seed) for seed in SEEDS]
        print(f"{path}: {len(train)} training rows, {len(test)} held out")
        for name, values in list(ours.items()) + [("MLPRegressor", theirs)]:
            print(f"  {name:15s} R^2 mean {np.mean(values):.4f}  range {min(values):.4f}-{max(values):.4f}  "
                  "per seed " + " ".join(f"{v:.4f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
