"""PyTorch reference for `earthmover-cli bench`: the same WGAN-GP toy step, timed the same way.

The networks, data and step mirror the WGAN-GP paper's toy script and Earthmover's
`TrainConfig::paper()`: noise dim 2, `depth` hidden ReLU layers of `width`, batch 256,
n_critic 5, lambda 0.1, Adam 1e-4 (0.5, 0.9), 8 Gaussians. Each timed generator step includes
its n_critic critic steps, each with the gradient penalty through `autograd.grad`
(create_graph=True). The numbers are only comparable with `make bench` run on the same machine,
with the same number of threads.

    python tests/bench/pytorch_toy_wgan_gp.py --threads 2
"""

import argparse
import math
import time

import torch
from torch import nn


def mlp(inputs, width, depth, outputs):
    layers, fan_in = [], inputs
    for _ in range(depth):
        layers += [nn.Linear(fan_in, width), nn.ReLU()]
        fan_in = width
    layers.append(nn.Linear(fan_in, outputs))
    return nn.Sequential(*layers)


def eight_gaussians(n, gen):
    """The paper's 8 Gaussians: centres on the circle of radius 2, std 0.02, scaled by 1/1.414."""
    k = torch.randint(0, 8, (n,), generator=gen)
    angle = k.float() * (2 * math.pi / 8)
    centres = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1) * 2.0
    return (centres + 0.02 * torch.randn(n, 2, generator=gen)) / 1.414


def gradient_penalty(critic, real, fake, lam):
    alpha = torch.rand(real.shape[0], 1)
    x = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = critic(x)
    (grad,) = torch.autograd.grad(out.sum(), x, create_graph=True)
    return lam * ((grad.norm(2, dim=1) - 1) ** 2).mean()


def measure(width, depth, batch, n_critic, lam, steps, warmup):
    gen = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    g, d = mlp(2, width, depth, 2), mlp(2, width, depth, 1)
    opt_g = torch.optim.Adam(g.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(d.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def step():
        for _ in range(n_critic):
            real = eight_gaussians(batch, gen)
            with torch.no_grad():
                fake = g(torch.randn(batch, 2))
            loss_d = d(fake).mean() - d(real).mean() + gradient_penalty(d, real, fake, lam)
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        loss_g = -d(g(torch.randn(batch, 2))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return loss_d.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        w = step()
    rate = steps / (time.perf_counter() - start)
    print(
        f"pytorch {torch.__version__} threads {torch.get_num_threads()}: width {width} depth {depth} "
        f"batch {batch} n_critic {n_critic}: {rate:.2f} generator steps/s (D loss {w:.4f})"
    )
    return rate


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    # The same two toy configurations `earthmover-cli bench` times first.
    measure(128, 3, 256, 2, 1.0, args.steps * 5, args.warmup)
    measure(512, 3, 256, 5, 0.1, args.steps, args.warmup)


if __name__ == "__main__":
    main()
