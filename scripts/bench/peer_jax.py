#!/usr/bin/env python3
"""The JAX peer of scripts/bench/train, lm and images: the same training step
(rnn with tanh, or the orthogonal urnn W = expm(A) with modReLU, RMSprop) with
jit and lax.scan, on CPU, on the copying task, next word (lm), or an image read one
pixel a step with its class read out after the last step (pixel: T = 784, B images). Prints one JSON line per configuration:
{"model", "hidden", "T", "batch", "dtype", "steps_per_s", "seq_steps_per_s"}.

usage: peer_jax.py --model rnn|urnn --hidden 128 --T 100 --batch 64 --dtype float64 --steps 10
"""
import argparse
import json
import os
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="urnn")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--T", type=int, default=100)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--dtype", default="float64")
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--task", default="copy", help="copy, lm (next word over a vocabulary) or pixel (28 x 28 images)")
    ap.add_argument("--vocab", type=int, default=10000)
    args = ap.parse_args()

    import jax
    if args.dtype == "float64":
        jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax.scipy.linalg import expm

    dt = jnp.float64 if args.dtype == "float64" else jnp.float32
    H, T, B = args.hidden, args.T, args.batch
    lm = args.task == "lm"
    pixel = args.task == "pixel"
    if pixel:
        T = 784
    L = T if lm or pixel else T + 20
    K = args.vocab if lm else 10 if pixel else 9
    I = args.vocab if lm else 1 if pixel else 10
    key = jax.random.PRNGKey(0)
    k1, k2, k3, k4 = jax.random.split(key, 4)
    params = {
        "U": (jax.random.normal(k1, (H, I)) * 0.1).astype(dt),
        "b": jnp.zeros((H,), dt),
        "V": (jax.random.normal(k2, (K, H)) * 0.1).astype(dt),
        "c": jnp.zeros((K,), dt),
    }
    if args.model == "rnn":
        params["W"] = jnp.linalg.qr(jax.random.normal(k3, (H, H)))[0].astype(dt)
    else:
        params["A"] = (jax.random.normal(k3, (H, H)) * 0.01).astype(dt)
        params["bm"] = jnp.zeros((H,), dt)

    def lm_batch(k):
        tokens = jax.random.randint(k, (L + 1, B), 0, K)
        return tokens[:-1], tokens[1:]

    def copy_batch(k):
        sym = jax.random.randint(k, (10, B), 1, 9)
        x = jnp.concatenate([sym, jnp.zeros((T - 1, B), jnp.int32), jnp.full((1, B), 9), jnp.zeros((10, B), jnp.int32)])
        y = jnp.concatenate([jnp.zeros((T + 10, B), jnp.int32), sym])
        return x, y

    def pixel_batch(k):
        images = jax.random.uniform(k, (T, B), dt)
        labels = jax.random.randint(jax.random.fold_in(k, 1), (B,), 0, K)
        return images, labels

    def loss_fn(p, x, y):
        if args.model == "rnn":
            W = p["W"]
        else:
            A = jnp.triu(p["A"], 1)
            W = expm(A - A.T)
        if pixel:
            ux = p["U"][:, 0][None, :, None] * x[:, None, :]  # L x H x B
        else:
            ux = p["U"][:, x]  # H x L x B
            ux = jnp.transpose(ux, (1, 0, 2))

        def cell(h, u):
            z = W @ h + u + p["b"][:, None]
            if args.model == "rnn":
                hn = jnp.tanh(z)
            else:
                m = jnp.abs(z) + p["bm"][:, None]
                hn = jnp.sign(z) * jnp.maximum(m, 0)
            return hn, hn

        last, hs = jax.lax.scan(cell, jnp.zeros((H, B), dt), ux)
        if pixel:
            logp = jax.nn.log_softmax(p["V"] @ last + p["c"][:, None], axis=0)
            return -jnp.mean(jnp.take_along_axis(logp, y[None, :], axis=0))
        logits = jnp.einsum("kh,thb->tkb", p["V"], hs) + p["c"][None, :, None]
        logp = jax.nn.log_softmax(logits, axis=1)
        nll = -jnp.take_along_axis(logp, y[:, None, :], axis=1)
        return jnp.mean(nll)

    grad_fn = jax.value_and_grad(loss_fn)

    @jax.jit
    def step(p, s, x, y):
        loss, g = grad_fn(p, x, y)
        s = jax.tree_util.tree_map(lambda a, b: 0.99 * a + 0.01 * b * b, s, g)
        p = jax.tree_util.tree_map(lambda a, b, c: a - 1e-3 * b / (jnp.sqrt(c) + 1e-8), p, g, s)
        return p, s, loss

    state = jax.tree_util.tree_map(jnp.zeros_like, params)
    x, y = lm_batch(k4) if lm else pixel_batch(k4) if pixel else copy_batch(k4)
    params, state, loss = step(params, state, x, y)  # compile; excluded
    loss.block_until_ready()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        params, state, loss = step(params, state, x, y)
    loss.block_until_ready()
    secs = time.perf_counter() - t0
    sps = args.steps / secs
    print(json.dumps({"model": args.model, "task": args.task, "hidden": H, "T": T, "batch": B, "dtype": args.dtype,
                      "steps_per_s": sps, "seq_steps_per_s": sps * B * L, "tokens_per_s": sps * B * L}))


if __name__ == "__main__":
    main()
