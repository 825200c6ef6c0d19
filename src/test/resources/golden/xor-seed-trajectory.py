"""Writes xor-seed-trajectory.json: the four XOR outputs of the xor-seed run before each epoch's update, in float64.

The algorithm is the one README.md describes (full batch, output delta a - y, gradients averaged over the batch); run
from this folder, it reproduces xor-seed-expected.json exactly before it writes anything.
"""
import json

import numpy as np

start = json.load(open("xor-seed-init.json"))
expected = json.load(open("xor-seed-expected.json"))
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
Y = np.array([[0], [1], [1], [0]], float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


W = [np.array(w, float) for w in start["weights"]]
b = [np.array(v, float) for v in start["biases"]]
lr = expected["lr"]
outputs, losses = [], []
for epoch in range(expected["epochs"]):
    h = sigmoid(X @ W[0] + b[0])
    a = sigmoid(h @ W[1] + b[1])
    outputs.append(a[:, 0].tolist())
    losses.append(float(np.mean((a - Y) ** 2)))
    d2 = (a - Y) / len(X)
    d1 = (d2 @ W[1].T) * h * (1 - h)
    W, b = [W[0] - lr * X.T @ d1, W[1] - lr * h.T @ d2], [b[0] - lr * d1.sum(0), b[1] - lr * d2.sum(0)]
assert losses[::100] == expected["mse_every_100"], "does not reproduce xor-seed-expected.json"
json.dump({"about": "xor-seed: the outputs for the rows of the XOR table before each epoch's update (float64 numpy,"
                    " written by xor-seed-trajectory.py)", "outputs_per_epoch": outputs},
          open("xor-seed-trajectory.json", "w"))
