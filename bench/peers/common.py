"""What every peer shares: the workload as the JVM exported it, and the timing loop."""
import json
import os
import sys
import time

import numpy as np


def load(data_dir, workload, dtype):
    """Settings, data and start weights written by backprop.bench.WorkloadExport, converted to dtype."""
    with open(os.path.join(data_dir, workload + ".json")) as f:
        settings = json.load(f)
    layers = settings["layers"]

    def read(name, shape):
        return np.fromfile(os.path.join(data_dir, f"{workload}.{name}.f32"), dtype="<f4").reshape(shape).astype(dtype)

    rows = settings["rows"]
    settings["x"] = read("x", (rows, layers[0]))
    settings["y"] = read("y", (rows, layers[-1]))
    settings["weights"] = [read(f"w{l}", (layers[l], layers[l + 1])) for l in range(len(layers) - 1)]
    settings["biases"] = [read(f"b{l}", (layers[l + 1],)) for l in range(len(layers) - 1)]
    return settings


def epochs_per_second(epoch, budget_seconds):
    """Warms up for a tenth of the budget (at least one epoch), then runs whole epochs until the budget is spent."""
    start = time.perf_counter()
    epoch()
    while time.perf_counter() - start < budget_seconds / 10:
        epoch()
    epochs = 0
    start = time.perf_counter()
    while True:
        epoch()
        epochs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget_seconds and epochs >= 2:
            return epochs / elapsed, epochs, elapsed


def report(workload, series, threads, epoch, budget_seconds, library):
    """Measures one peer and prints its result as one JSON line, the format bench/run collects."""
    rate, epochs, elapsed = epochs_per_second(epoch, budget_seconds)
    print(json.dumps({"workload": workload, "series": series, "threads": threads, "epochs_per_second": rate,
                      "epochs": epochs, "seconds": round(elapsed, 3), "library": library,
                      "python": sys.executable}), flush=True)


def arguments(description):
    import argparse
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", required=True, help="directory written by backprop.bench.WorkloadExport")
    parser.add_argument("--workload", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per variant")
    return parser.parse_args()
