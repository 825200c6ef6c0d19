"""The listing's algorithm in PyTorch on the CPU, float32: a manual backward into preallocated tensors (what a
careful user writes), and autograd with nn.Linear and optim.SGD (what most people write)."""
import os

import numpy as np
import torch

import common


def manual(w):
    x, y = torch.from_numpy(w["x"]), torch.from_numpy(w["y"])
    weights = [torch.from_numpy(W) for W in w["weights"]]
    biases = [torch.from_numpy(b) for b in w["biases"]]
    lr, batch, depth, layers = w["learning_rate"], w["batch"], len(weights), w["layers"]
    outputs = [torch.empty(batch, n) for n in layers]
    deltas = [torch.empty(batch, n) for n in layers]
    scratch = [torch.empty(batch, n) for n in layers]
    bias_grads = [torch.empty_like(b) for b in biases]

    def epoch():
        with torch.no_grad():
            for start in range(0, len(x), batch):
                m = min(batch, len(x) - start)
                a = x[start:start + m]
                for l in range(depth):
                    z = outputs[l + 1][:m]
                    torch.addmm(biases[l], a, weights[l], out=z)
                    torch.sigmoid(z, out=z)
                    a = z
                delta = deltas[depth][:m]
                torch.sub(a, y[start:start + m], out=delta)
                for l in reversed(range(depth)):
                    a_in = x[start:start + m] if l == 0 else outputs[l][:m]
                    if l > 0:
                        below = deltas[l][:m]
                        torch.mm(delta, weights[l].t(), out=below)
                        derivative = scratch[l][:m]
                        torch.mul(a_in, a_in, out=derivative)
                        torch.sub(a_in, derivative, out=derivative)
                        below.mul_(derivative)
                    weights[l].addmm_(a_in.t(), delta, alpha=-lr / m)
                    torch.sum(delta, 0, out=bias_grads[l])
                    biases[l].add_(bias_grads[l], alpha=-lr / m)
                    if l > 0:
                        delta = below
    return epoch


def autograd(w):
    x, y = torch.from_numpy(w["x"]), torch.from_numpy(w["y"])
    modules = []
    for W, b in zip(w["weights"], w["biases"]):
        linear = torch.nn.Linear(W.shape[0], W.shape[1])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W).t())
            linear.bias.copy_(torch.from_numpy(b))
        modules += [linear, torch.nn.Sigmoid()]
    # the last sigmoid goes into the loss: cross-entropy on logits has the listing's output delta a - y
    model = torch.nn.Sequential(*modules[:-1])
    optimizer = torch.optim.SGD(model.parameters(), lr=w["learning_rate"])
    batch = w["batch"]

    def epoch():
        for start in range(0, len(x), batch):
            inputs, targets = x[start:start + batch], y[start:start + batch]
            optimizer.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(inputs), targets, reduction="sum")
            (loss / inputs.shape[0]).backward()
            optimizer.step()
    linears = [m for m in modules if isinstance(m, torch.nn.Linear)]
    epoch.weights = lambda: [m.weight.detach().numpy().T.copy() for m in linears]
    epoch.biases = lambda: [m.bias.detach().numpy().copy() for m in linears]
    return epoch


def main():
    args = common.arguments(__doc__)
    torch.set_num_threads(args.threads)
    library = f"torch {torch.__version__}, MKL {torch.backends.mkl.is_available()}, " \
              f"MKL_ENABLE_INSTRUCTIONS={os.environ.get('MKL_ENABLE_INSTRUCTIONS', '')}"
    common.report(args.workload, "torch-manual", args.threads,
                  manual(common.load(args.data, args.workload, np.float32)), args.seconds, library)
    common.report(args.workload, "torch-autograd", args.threads,
                  autograd(common.load(args.data, args.workload, np.float32)), args.seconds, library)


if __name__ == "__main__":
    main()
