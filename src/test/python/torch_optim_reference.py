"""Golden optimizer runs: PyTorch 2 in float64 trains the project's model files on digits-scaled.csv.

For each network NAME it reads golden/optim-NAME-init.json (written here once, from float32 random numbers, if it
is missing) and writes golden/optim-NAME-OPTIMIZER-expected.json with the model after training: batches in file
order, no shuffling, torch.optim.SGD(momentum, weight_decay), Adam(weight_decay) or AdamW(weight_decay) stepping on
every parameter, weights and biases alike. The runs in SCHEDULED also step a StepLR or CosineAnnealingLR
(T_max = epochs) after every epoch and write golden/optim-NAME-OPTIMIZER-SCHEDULE-expected.json. The loss is the one whose output delta is the project's `a - y`:
cross-entropy summed over a row's classes for softmax outputs, binary cross-entropy (with logits) summed over the
outputs for sigmoid ones, in both cases averaged over the rows of the batch.

Run from the repository root: python src/test/python/torch_optim_reference.py
"""
import csv
import json
import pathlib

import numpy as np
import torch

GOLDEN = pathlib.Path("src/test/resources/golden")
BATCH = 64
EPOCHS = 2
NETWORKS = {
    "relu-softmax": ([64, 24, 10], ["relu", "softmax"]),
    "tanh-softmax-deep": ([64, 16, 16, 16, 10], ["tanh", "tanh", "tanh", "softmax"]),
    "sigmoid": ([64, 16, 10], ["sigmoid", "sigmoid"]),
}
# (network, optimizer, schedule, lr_step, lr_gamma): runs of SCHEDULED_EPOCHS epochs with the scheduler stepped after each
SCHEDULED = [
    ("relu-softmax", "adamw", "cosine", 1, 1.0),
    ("sigmoid", "sgd", "step", 2, 0.5),
]
SCHEDULED_EPOCHS = 3
OPTIMIZERS = {
    "sgd": dict(lr=0.1, momentum=0.9, weight_decay=0.001),
    "adam": dict(lr=0.005, weight_decay=0.001, betas=(0.9, 0.999), eps=1e-8),
    "adamw": dict(lr=0.005, weight_decay=0.05, betas=(0.9, 0.999), eps=1e-8),
}


def read_digits():
    with open(GOLDEN / "digits-scaled.csv") as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in r[:64]] for r in rows])
    labels = np.array([int(r[64]) for r in rows])
    y = np.zeros((len(rows), 10))
    y[np.arange(len(rows)), labels] = 1.0
    return torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)


def write_init(path, layers, activations, seed):
    rng = np.random.default_rng(seed)
    weights = [(rng.standard_normal((layers[l], layers[l + 1])) * np.sqrt(1.0 / layers[l])).astype(np.float32)
               for l in range(len(layers) - 1)]
    biases = [(rng.standard_normal(layers[l + 1]) * 0.1).astype(np.float32) for l in range(len(layers) - 1)]
    model = {"format": "backprop-mlp", "version": 1, "layers": layers, "activations": activations,
             "weights": [w.astype(np.float64).tolist() for w in weights],
             "biases": [b.astype(np.float64).tolist() for b in biases]}
    path.write_text(json.dumps(model))


def activate(z, name):
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[name](z)


def loss_of_batch(params, activations, x, y):
    a = x
    for l, name in enumerate(activations):
        z = a @ params[2 * l] + params[2 * l + 1]
        if l < len(activations) - 1:
            a = activate(z, name)
    rows = x.shape[0]
    if activations[-1] == "softmax":
        return -(y * torch.log_softmax(z, dim=1)).sum() / rows
    return torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum") / rows


def train(model, optimizer_name, settings, x, y, epochs=EPOCHS, schedule=None, lr_step=1, lr_gamma=1.0):
    params = []
    for w, b in zip(model["weights"], model["biases"]):
        params.append(torch.tensor(w, dtype=torch.float64, requires_grad=True))
        params.append(torch.tensor(b, dtype=torch.float64, requires_grad=True))
    optimizer = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[optimizer_name](
        params, **settings)
    scheduler = None
    if schedule == "step":
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=lr_step, gamma=lr_gamma)
    elif schedule == "cosine":
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    for _ in range(epochs):
        for start in range(0, x.shape[0], BATCH):
            optimizer.zero_grad()
            loss_of_batch(params, model["activations"], x[start:start + BATCH], y[start:start + BATCH]).backward()
            optimizer.step()
        if scheduler is not None:
            scheduler.step()
    final = dict(model)
    final["weights"] = [params[2 * l].detach().numpy().tolist() for l in range(len(model["weights"]))]
    final["biases"] = [params[2 * l + 1].detach().numpy().tolist() for l in range(len(model["biases"]))]
    return final


def expected_file(optimizer_name, settings, epochs, final, schedule="constant", lr_step=1, lr_gamma=1.0):
    betas = settings.get("betas", (0.0, 0.0))
    return {"optimizer": optimizer_name, "lr": settings["lr"], "momentum": settings.get("momentum", 0.0),
            "weight_decay": settings["weight_decay"], "beta1": betas[0], "beta2": betas[1],
            "eps": settings.get("eps", 0.0), "batch": BATCH, "epochs": epochs, "schedule": schedule,
            "lr_step": lr_step, "lr_gamma": lr_gamma, "torch": torch.__version__, "final": final}


def main():
    x, y = read_digits()
    for seed, (name, (layers, activations)) in enumerate(NETWORKS.items()):
        init = GOLDEN / f"optim-{name}-init.json"
        if not init.exists():
            write_init(init, layers, activations, seed)
        model = json.loads(init.read_text())
        for optimizer_name, settings in OPTIMIZERS.items():
            final = train(model, optimizer_name, settings, x, y)
            expected = expected_file(optimizer_name, settings, EPOCHS, final)
            (GOLDEN / f"optim-{name}-{optimizer_name}-expected.json").write_text(json.dumps(expected))
            print(name, optimizer_name, "written")
    for name, optimizer_name, schedule, lr_step, lr_gamma in SCHEDULED:
        model = json.loads((GOLDEN / f"optim-{name}-init.json").read_text())
        settings = OPTIMIZERS[optimizer_name]
        final = train(model, optimizer_name, settings, x, y, SCHEDULED_EPOCHS, schedule, lr_step, lr_gamma)
        expected = expected_file(optimizer_name, settings, SCHEDULED_EPOCHS, final, schedule, lr_step, lr_gamma)
        (GOLDEN / f"optim-{name}-{optimizer_name}-{schedule}-expected.json").write_text(json.dumps(expected))
        print(name, optimizer_name, schedule, "written")


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    main()
