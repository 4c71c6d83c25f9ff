"""Earthmover against PyTorch on one machine, side by side: `make bench-pytorch`.

The WGAN-GP paper's toy step (depth 3, batch 256, n_critic 5, lambda 0.1, Adam 1e-4) at widths
128 and 512, on 1 and 2 threads, in rounds that alternate the two programs so that a machine's
slow minute hits both. Earthmover runs as `earthmover-cli bench --paper-widths W` with
`RAYON_NUM_THREADS` set (flex's pool, which the critic's batch halves share); PyTorch runs
`pytorch_toy_wgan_gp.measure` in this process after `torch.set_num_threads`. The table gives
each side's median and range over the rounds, in generator steps/s, and the ratio of medians.

    python tests/bench/versus_pytorch.py --cli target/fast/earthmover-cli --rounds 3
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_toy_wgan_gp as reference  # noqa: E402

# Timed generator steps per measurement: about 2 s at width 128 and 5 s at 512 on a 2-core
# machine, long enough for a steady rate.
STEPS = {128: 150, 256: 60, 512: 30}


def earthmover(cli, width, threads, steps):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run(
        [cli, "bench", "--paper-widths", str(width), "--steps", str(steps)],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    m = re.search(r"([0-9.]+) generator steps/s", out)
    if not m:
        raise SystemExit(f"unexpected output from {cli}: {out!r}")
    return float(m.group(1)), "halves" in out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", required=True, help="the earthmover-cli binary")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--widths", default="128,512")
    p.add_argument("--threads", default="1,2")
    args = p.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    threads = [int(t) for t in args.threads.split(",")]
    rates = {}
    for r in range(args.rounds):
        for t in threads:
            torch.set_num_threads(t)
            for w in widths:
                steps = STEPS.get(w, 30)
                e, halves = earthmover(args.cli, w, t, steps)
                pt = reference.measure(w, 3, 256, 5, 0.1, steps, 3)
                rates.setdefault((t, w), []).append((e, pt, halves))
                print(f"round {r + 1}: {t} thread(s), width {w}: Earthmover {e:.2f}, PyTorch {pt:.2f}", flush=True)
    print()
    print(f"PyTorch {torch.__version__}; generator steps/s, median (range) over {args.rounds} rounds")
    print("| threads | width | Earthmover | PyTorch | ratio |")
    print("|---|---|---|---|---|")
    for (t, w), runs in sorted(rates.items()):
        es, ps = [x[0] for x in runs], [x[1] for x in runs]
        note = ", critic batch in halves" if runs[0][2] else ""
        span = lambda v: f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})"
        ratio = statistics.median(es) / statistics.median(ps)
        print(f"| {t} | {w} | {span(es)}{note} | {span(ps)} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
