"""Checks that every peer trains the same weights as the project's scalar backend from the same start: a few epochs
of each workload (wide excepted: its scalar epochs take minutes) as exported by backprop.bench.WorkloadExport, each
peer's weights against the JVM's within a tolerance float32 rounding leaves. Exits 1 on a mismatch.
    bench/peers/check_peers.py DATA_DIR"""
import os
import sys

import numpy as np

import common

TOLERANCE = 1e-4  # of the largest weight: float32 sums in another order drift this far in a few epochs


def peers():
    """(name, build) for each peer that imports here; build(workload) returns an epoch function."""
    import numpy_peer
    found = [("numpy-f64", lambda w: in_place(numpy_peer.listing(w), w)),
             ("numpy-f32", lambda w: in_place(numpy_peer.careful(w), w))]
    try:
        import torch  # noqa: F401
        import torch_peer
        found += [("torch-manual", lambda w: in_place(torch_peer.manual(w), w)),
                  ("torch-autograd", torch_peer.autograd)]
    except ImportError:
        print("check_peers: no torch here, skipping the PyTorch peers", file=sys.stderr)
    try:
        import jax_peer
        found += [("jax-jit", jax_peer.trainer)]
    except ImportError:
        print("check_peers: no jax here, skipping the JAX peer", file=sys.stderr)
    return found


def in_place(epoch, w):
    """Peers that update the exported arrays in place: their weights are the workload's own."""
    epoch.weights = lambda: w["weights"]
    epoch.biases = lambda: w["biases"]
    return epoch


def trained(data_dir, workload, layers):
    def read(name, shape):
        return np.fromfile(os.path.join(data_dir, f"{workload}.{name}.trained.f32"), dtype="<f4").reshape(shape)
    weights = [read(f"w{l}", (layers[l], layers[l + 1])) for l in range(len(layers) - 1)]
    biases = [read(f"b{l}", (layers[l + 1],)) for l in range(len(layers) - 1)]
    return weights, biases


def main():
    data_dir = sys.argv[1]
    failures = 0
    for workload in ("xor", "digits", "mnist"):
        settings = common.load(data_dir, workload, np.float32)
        epochs = settings.get("checked_epochs", 0)
        if not epochs:
            continue
        jvm_weights, jvm_biases = trained(data_dir, workload, settings["layers"])
        scale = max(np.abs(W).max() for W in jvm_weights)
        for name, build in peers():
            dtype = np.float64 if name.endswith("f64") else np.float32
            epoch = build(common.load(data_dir, workload, dtype))
            for _ in range(epochs):
                epoch()
            worst = max(max(np.abs(np.asarray(a, dtype=np.float64) - b).max()
                            for a, b in zip(epoch.weights(), jvm_weights)),
                        max(np.abs(np.asarray(a, dtype=np.float64) - b).max()
                            for a, b in zip(epoch.biases(), jvm_biases)))
            ok = worst <= TOLERANCE * scale
            failures += not ok
            print(f"{workload:7s} {name:15s} {epochs} epochs: largest difference from the JVM's scalar weights "
                  f"{worst:.2e} ({worst / scale:.1e} of the largest weight) {'ok' if ok else 'MISMATCH'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
