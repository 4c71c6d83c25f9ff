"""An independent reference for the 1D lab: WGAN-GP on a line in plain NumPy, with every
gradient written by hand (one hidden ReLU layer per network, so the penalty's parameter
gradient is short). It exists to tell an engine bug from the method's own behaviour: if this
script plateaus where the engine does, the plateau is WGAN-GP's, not burn's or ours.

    python3 tests/bench/numpy_line_wgan_gp.py [--data two|normal] [--lam 1] [--lr 1e-3]
        [--spread 0] [--steps 3000] [--seed 1]

Prints the step, W1 from 65,536 generated samples to the target distribution itself
(∫|F_n − F|), and the generated mean and spread, every 250 generator steps.
"""

import argparse
import math

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--data", default="two", choices=["two", "normal"])
p.add_argument("--lam", type=float, default=1.0)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--spread", type=float, default=0.0, help="first-layer kinks drawn in ±spread (0: zero biases)")
p.add_argument("--steps", type=int, default=3000)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--half", type=float, default=0, help="halve both rates every this many steps (0: never)")
p.add_argument("--one-sided", action="store_true", help="penalise only slopes above 1")
a = p.parse_args()

rng = np.random.default_rng(a.seed)
H, B, NC, B1, B2, EPS = 64, 256, 5, 0.5, 0.9, 1e-8
COMPONENTS = [(-2.0, 0.3), (2.0, 0.3)] if a.data == "two" else [(0.0, 1.0)]


def real(n):
    k = rng.integers(0, len(COMPONENTS), n)
    means = np.array([c[0] for c in COMPONENTS])[k]
    stds = np.array([c[1] for c in COMPONENTS])[k]
    return means + stds * rng.normal(0.0, 1.0, n)


def cdf(x):
    erf = np.vectorize(math.erf)
    return sum(0.5 * (1 + erf((x - m) / (s * math.sqrt(2)))) for m, s in COMPONENTS) / len(COMPONENTS)


def w1_to_target(samples):
    lo = min(m - 9 * s for m, s in COMPONENTS)
    hi = max(m + 9 * s for m, s in COMPONENTS)
    xs = np.sort(samples)
    left = np.sum(lo - xs[xs < lo]) / len(xs)
    right = np.sum(xs[xs > hi] - hi) / len(xs)
    grid = np.linspace(lo, hi, 20001)
    mid = (grid[1:] + grid[:-1]) / 2
    fn = np.searchsorted(xs, mid, side="right") / len(xs)
    return left + right + np.sum(np.abs(fn - cdf(mid))) * (grid[1] - grid[0])


def init():
    w = rng.uniform(-math.sqrt(6), math.sqrt(6), H)  # He-uniform, fan-in 1
    return {
        "w": w,
        "b": -w * rng.uniform(-a.spread, a.spread, H),
        "v": rng.uniform(-math.sqrt(6 / H), math.sqrt(6 / H), H),
        "c": np.zeros(1),
    }


class Adam:
    def __init__(self, params):
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.s = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, params, grads, lr):
        self.t += 1
        for k in params:
            self.m[k] = B1 * self.m[k] + (1 - B1) * grads[k]
            self.s[k] = B2 * self.s[k] + (1 - B2) * grads[k] ** 2
            mh = self.m[k] / (1 - B1**self.t)
            vh = self.s[k] / (1 - B2**self.t)
            params[k] -= lr * mh / (np.sqrt(vh) + EPS)


def forward(net, x):
    h = np.outer(x, net["w"]) + net["b"]
    act = np.maximum(h, 0)
    return act @ net["v"] + net["c"][0], h, act


D, G = init(), init()
opt_d, opt_g = Adam(D), Adam(G)
for step in range(1, a.steps + 1):
    lr = a.lr * (0.5 ** ((step - 1) / a.half) if a.half else 1.0)
    for _ in range(NC):
        xr = real(B)
        xf = forward(G, rng.normal(0, 1, B))[0]
        alpha = rng.uniform(0, 1, B)
        xh = xf + (xr - xf) * alpha
        g = {k: np.zeros_like(v) for k, v in D.items()}
        # E D(fake) − E D(real)
        for x, sign in ((xr, -1.0), (xf, 1.0)):
            _, h, act = forward(D, x)
            g["v"] += sign * act.mean(0)
            g["c"] += sign
            gh = sign * (h > 0) * D["v"] / B
            g["w"] += (gh * x[:, None]).sum(0)
            g["b"] += gh.sum(0)
        # λ·E(|D′(x̂)| − 1)², D′(x) = Σ v·w·[h > 0]; the mask's own derivative is zero.
        _, h, _ = forward(D, xh)
        mask = h > 0
        slope = (mask * D["v"] * D["w"]).sum(1)
        excess = np.abs(slope) - 1
        if a.one_sided:
            excess = np.maximum(excess, 0)
        r = 2 * a.lam * excess * np.sign(slope) / B
        g["v"] += (r[:, None] * mask * D["w"]).sum(0)
        g["w"] += (r[:, None] * mask * D["v"]).sum(0)
        opt_d.step(D, g, lr)
    z = rng.normal(0, 1, B)
    y, h, act = forward(G, z)
    _, hd, _ = forward(D, y)
    gy = -((hd > 0) * D["v"] * D["w"]).sum(1) / B  # ∂(−E D(G(z)))/∂y
    gh = gy[:, None] * (h > 0) * G["v"]
    opt_g.step(G, {"v": (gy[:, None] * act).sum(0), "c": np.array([gy.sum()]),
                   "w": (gh * z[:, None]).sum(0), "b": gh.sum(0)}, lr)
    if step % 250 == 0:
        y = forward(G, rng.normal(0, 1, 65536))[0]
        print(f"{step} W1 {w1_to_target(y):.3f} mean {y.mean():+.2f} spread {y.std():.2f}", flush=True)
