"""The listing's algorithm in JAX, float32, as a careful user writes it: the manual backward pass, and the whole
epoch one jax.jit call (lax.scan over the full batches, then the short last batch), the weights donated.

One thread: bench/peers/run sets XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" and
pins the process to one core; the flags must be set before jax is imported."""
import jax
import jax.numpy as jnp
import numpy as np

import common


def step(params, x, y, lr):
    weights, biases = params
    activations = [x]
    for W, b in zip(weights, biases):
        activations.append(jax.nn.sigmoid(activations[-1] @ W + b))
    delta = activations[-1] - y
    m = x.shape[0]
    new_weights, new_biases = list(weights), list(biases)
    for l in reversed(range(len(weights))):
        weight_grad = activations[l].T @ delta
        bias_grad = delta.sum(axis=0)
        if l > 0:
            a = activations[l]
            delta = (delta @ weights[l].T) * a * (1 - a)
        new_weights[l] = weights[l] - (lr / m) * weight_grad
        new_biases[l] = biases[l] - (lr / m) * bias_grad
    return new_weights, new_biases


def trainer(w):
    """A function that trains one epoch in place of the weights it holds, and returns them."""
    x, y = jnp.asarray(w["x"]), jnp.asarray(w["y"])
    lr, batch = w["learning_rate"], w["batch"]
    full = len(w["x"]) // batch
    x_full = x[:full * batch].reshape(full, batch, -1)
    y_full = y[:full * batch].reshape(full, batch, -1)
    x_rest, y_rest = x[full * batch:], y[full * batch:]

    def epoch(params):
        params, _ = jax.lax.scan(lambda p, xy: (step(p, xy[0], xy[1], lr), None), params, (x_full, y_full))
        if x_rest.shape[0]:
            params = step(params, x_rest, y_rest, lr)
        return params

    compiled = jax.jit(epoch, donate_argnums=0)
    state = {"params": ([jnp.asarray(W) for W in w["weights"]], [jnp.asarray(b) for b in w["biases"]])}

    def run_epoch():
        state["params"] = jax.block_until_ready(compiled(state["params"]))

    run_epoch.weights = lambda: [np.asarray(W) for W in state["params"][0]]
    run_epoch.biases = lambda: [np.asarray(b) for b in state["params"][1]]
    return run_epoch


def main():
    args = common.arguments(__doc__)
    library = f"jax {jax.__version__}, jaxlib on {jax.devices()[0].platform}"
    common.report(args.workload, "jax-jit", args.threads,
                  trainer(common.load(args.data, args.workload, np.float32)), args.seconds, library)


if __name__ == "__main__":
    main()
