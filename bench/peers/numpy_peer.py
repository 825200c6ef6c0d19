"""The listing's algorithm in numpy, twice: float64 as the listing writes it, and as a careful user writes it.

Thread count comes from OPENBLAS_NUM_THREADS, which must be set before numpy is imported (bench/peers/run does).
"""
import os

import numpy as np

import common


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(a):
    return a * (1 - a)


def listing(w):
    """float64, a new array at every operation, as in the textbook listing, generalised to mini-batches."""
    x, y = w["x"], w["y"]
    weights, biases = w["weights"], [b.reshape(1, -1) for b in w["biases"]]
    lr, batch, depth = w["learning_rate"], w["batch"], len(weights)

    def epoch():
        for start in range(0, len(x), batch):
            inputs, targets = x[start:start + batch], y[start:start + batch]
            m = inputs.shape[0]
            activations = [inputs]
            for W, b in zip(weights, biases):
                activations.append(sigmoid(np.dot(activations[-1], W) + b))
            delta = activations[-1] - targets
            for l in reversed(range(depth)):
                dW = np.dot(activations[l].T, delta) / m
                db = np.sum(delta, axis=0, keepdims=True) / m
                if l > 0:
                    delta = np.dot(delta, weights[l].T) * sigmoid_derivative(activations[l])
                weights[l] -= lr * dW
                biases[l] -= lr * db
    return epoch


def careful(w):
    """float32, every buffer allocated once, matmul and ufuncs writing into them with out=."""
    x, y, weights, biases = w["x"], w["y"], w["weights"], w["biases"]
    lr, batch, depth, layers = w["learning_rate"], w["batch"], len(weights), w["layers"]
    outputs = [np.empty((batch, n), np.float32) for n in layers]
    deltas = [np.empty((batch, n), np.float32) for n in layers]
    scratch = [np.empty((batch, n), np.float32) for n in layers]
    weight_grads = [np.empty_like(W) for W in weights]
    bias_grads = [np.empty_like(b) for b in biases]

    def epoch():
        for start in range(0, len(x), batch):
            m = min(batch, len(x) - start)
            a = x[start:start + m]
            for l in range(depth):
                z = outputs[l + 1][:m]
                np.matmul(a, weights[l], out=z)
                z += biases[l]
                np.negative(z, out=z)
                np.exp(z, out=z)
                z += 1
                np.reciprocal(z, out=z)
                a = z
            delta = deltas[depth][:m]
            np.subtract(a, y[start:start + m], out=delta)
            for l in reversed(range(depth)):
                a_in = x[start:start + m] if l == 0 else outputs[l][:m]
                if l > 0:
                    below = deltas[l][:m]
                    np.matmul(delta, weights[l].T, out=below)
                    derivative = scratch[l][:m]
                    np.subtract(1, a_in, out=derivative)
                    derivative *= a_in
                    below *= derivative
                np.matmul(a_in.T, delta, out=weight_grads[l])
                weight_grads[l] *= lr / m
                weights[l] -= weight_grads[l]
                np.sum(delta, axis=0, out=bias_grads[l])
                bias_grads[l] *= lr / m
                biases[l] -= bias_grads[l]
                if l > 0:
                    delta = below
    return epoch


def main():
    args = common.arguments(__doc__)
    library = f"numpy {np.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}"
    common.report(args.workload, "numpy-f64", args.threads,
                  listing(common.load(args.data, args.workload, np.float64)), args.seconds, library)
    common.report(args.workload, "numpy-f32", args.threads,
                  careful(common.load(args.data, args.workload, np.float32)), args.seconds, library)


if __name__ == "__main__":
    main()
