//! The WGAN-GP paper's Figure 1(a), natively: a critic trained against a generator held at
//! real + N(0, 1) on 25 Gaussians. With the gradient penalty its value surface rises at every
//! mode; with weight clipping it stays a simple ramp. Measured where it shows: the critic's
//! value at the 25 mode centres against the 40 midpoints between neighbouring modes.

use burn::tensor::{Device, Tensor, TensorData};
use earthmover_core::config::TrainConfig;
use earthmover_core::data::{Dataset, ToyData};
use earthmover_core::presets::PRESETS;
use earthmover_engine::{Trainer, to_host};

/// The 25 centres (5×5 grid) and, for each, the midpoints to its grid neighbours; 40 distinct.
fn grid() -> (Vec<[f32; 2]>, Vec<Vec<[f32; 2]>>) {
    let centres = ToyData::TwentyFiveGaussians.modes().unwrap().centres;
    let at = |i: i32, j: i32| centres[(i * 5 + j) as usize];
    let mut neighbours = vec![];
    for i in 0..5 {
        for j in 0..5 {
            let c = at(i, j);
            let mut mids = vec![];
            for (di, dj) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let (a, b) = (i + di, j + dj);
                if (0..5).contains(&a) && (0..5).contains(&b) {
                    let n = at(a, b);
                    mids.push([(c[0] + n[0]) / 2.0, (c[1] + n[1]) / 2.0]);
                }
            }
            neighbours.push(mids);
        }
    }
    (centres, neighbours)
}

/// For each mode, how many of its neighbouring midpoints it stands above by `margin`, and how
/// many neighbours it has.
fn above_counts(t: &Trainer, margin: f32) -> Vec<(usize, usize)> {
    above_counts_of(
        |pts| {
            let flat: Vec<f32> = pts.iter().flatten().copied().collect();
            let x = Tensor::<2>::from_data(TensorData::new(flat, [pts.len(), 2]), &Device::flex());
            to_host(t.critic().forward(x))
        },
        margin,
    )
}

/// [`above_counts`] for any value function on points.
fn above_counts_of(value: impl Fn(&[[f32; 2]]) -> Vec<f32>, margin: f32) -> Vec<(usize, usize)> {
    let (centres, neighbours) = grid();
    let vc = value(&centres);
    let vm: Vec<Vec<f32>> = neighbours.iter().map(|m| value(m)).collect();
    let all = vc.iter().chain(vm.iter().flatten());
    let (lo, hi) = all.fold((f32::MAX, f32::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    let need = margin * (hi - lo);
    vc.iter()
        .zip(&vm)
        .map(|(c, mids)| (mids.iter().filter(|m| *c - **m > need).count(), mids.len()))
        .collect()
}

/// How many of the 25 modes stand above every neighbouring midpoint by `margin` of the value
/// range over all 65 points.
fn standing_modes(t: &Trainer, margin: f32) -> usize {
    above_counts(t, margin)
        .iter()
        .filter(|(above, of)| above == of)
        .count()
}

fn preset(id: &str) -> TrainConfig {
    (PRESETS.iter().find(|p| p.id == id).unwrap().config)()
}

fn trainer(config: TrainConfig) -> Trainer {
    Trainer::new(
        config,
        Dataset::Toy(ToyData::TwentyFiveGaussians),
        &Device::flex(),
    )
    .unwrap()
}

/// Critic steps (each n_critic = 2 critic iterations) the Figure 1(a) presets are given.
const BUDGET: u64 = 1500;

/// Whether mode `k` (row-major in the 5×5 grid) is one of the 9 whose four neighbours are modes.
fn inner(k: usize) -> bool {
    (1..=3).contains(&(k / 5)) && (1..=3).contains(&(k % 5))
}

#[test]
fn the_penalty_critic_peaks_at_every_inner_mode_within_its_budget_and_clipping_stays_flat() {
    for seed in [1, 2, 3, 4] {
        let mut t = trainer(preset("gp-follows").with_seed(seed));
        let mut reached = None;
        for step in 1..=BUDGET {
            t.step();
            if step % 100 == 0 && standing_modes(&t, 0.05) >= 9 {
                reached = Some(step);
                break;
            }
        }
        let counts = above_counts(&t, 0.05);
        eprintln!(
            "seed {seed}: 9 modes stand at step {reached:?}; per mode (above, neighbours): {counts:?}"
        );
        assert!(
            reached.is_some(),
            "seed {seed}: fewer than 9 modes stand after {BUDGET} steps: {counts:?}"
        );
        for (k, (above, of)) in counts.iter().enumerate() {
            if inner(k) {
                assert_eq!(
                    above, of,
                    "seed {seed}: inner mode {k} does not stand: {counts:?}"
                );
            }
        }
        // The outer modes form a ridge: each edge mode stands above at least one of the
        // midpoints along the edge, though not above the one towards the centre.
        let ridge = counts
            .iter()
            .enumerate()
            .filter(|(k, (above, of))| !inner(*k) && *of == 3 && *above >= 1)
            .count();
        assert!(
            ridge >= 10,
            "seed {seed}: only {ridge} of 12 edge modes are on a ridge: {counts:?}"
        );
    }
    let mut clip = trainer(preset("clipping-fixed"));
    for _ in 0..BUDGET {
        clip.step();
    }
    let counts = above_counts(&clip, 0.05);
    eprintln!("clipping: {counts:?}");
    assert!(
        standing_modes(&clip, 0.05) <= 2,
        "clipping should stay a simple surface: {counts:?}"
    );
}

/// The optimal critic of the same problem, with no training and no sampling. The real data
/// are 25 near-points (σ 0.018 against a spacing of 0.707), so the problem is semi-discrete:
/// for dual values ψₖ at the centres the best critic is F(y) = maxₖ (ψₖ − |y − cₖ|), and the
/// ψ that maximise Σₖ ψₖ/25 − E_fake[F] are those whose cells {y : the k-th cone is highest}
/// each hold 1/25 of the fake mass (the dual's gradient). The fake density, real + N(0, 1),
/// is a sum of 25 Gaussians, integrated on a grid; gradient ascent on ψ balances the cells.
///
/// Where the fake mass lies (everywhere), an optimal critic is unique up to a constant, so
/// this is what a trained critic can approach: it stands at all 25 modes. Its thinnest margins
/// are at the outer modes, whose inward midpoint is lower by only 6 % (the four in the middle
/// of the edges) to 9 % of the range (the fake mass outside the grid is carried inwards, so the
/// potential rises towards the centre); 5 % is what the trained critic is held to. (An earlier estimate from 1,500 samples a side,
/// matched by exact optimal transport, stood at only 15–19: the sample-based potential is
/// noisy between the modes.)
#[test]
fn the_optimal_critic_stands_at_all_25_modes() {
    let centres = ToyData::TwentyFiveGaussians.modes().unwrap();
    let c: Vec<[f64; 2]> = centres
        .centres
        .iter()
        .map(|p| [p[0] as f64, p[1] as f64])
        .collect();
    let var = 1.0 + (centres.sigma as f64).powi(2);
    // The fake density on a grid over ±6.5 (4.5 σ beyond the outer modes), normalised.
    let (h, lim) = (0.04, 6.5);
    let n = (2.0f64 * lim / h) as usize;
    let mut pts = vec![];
    let mut mass = vec![];
    for a in 0..n {
        for b in 0..n {
            let y = [-lim + (a as f64 + 0.5) * h, -lim + (b as f64 + 0.5) * h];
            let d: f64 = c
                .iter()
                .map(|k| (-((y[0] - k[0]).powi(2) + (y[1] - k[1]).powi(2)) / (2.0 * var)).exp())
                .sum();
            pts.push(y);
            mass.push(d);
        }
    }
    let total: f64 = mass.iter().sum();
    mass.iter_mut().for_each(|m| *m /= total);
    let dist: Vec<f64> = pts
        .iter()
        .flat_map(|y| c.iter().map(move |k| (y[0] - k[0]).hypot(y[1] - k[1])))
        .collect();
    let cells = |psi: &[f64]| {
        let mut held = [0.0f64; 25];
        for (p, m) in mass.iter().enumerate() {
            let row = &dist[p * 25..p * 25 + 25];
            let best = (0..25)
                .max_by(|&i, &j| (psi[i] - row[i]).total_cmp(&(psi[j] - row[j])))
                .unwrap();
            held[best] += m;
        }
        held
    };
    let mut psi = vec![0.0f64; 25];
    for it in 0..600 {
        let held = cells(&psi);
        let step = 2.0 / (1.0 + it as f64 / 20.0);
        for k in 0..25 {
            psi[k] += step * (1.0 / 25.0 - held[k]);
        }
    }
    // Balanced to the grid's resolution: every cell holds its 1/25 of the fake mass.
    let held = cells(&psi);
    let off = held.iter().map(|m| (m - 0.04).abs()).fold(0.0, f64::max);
    assert!(off < 1e-3, "cells not balanced: {held:?}");
    let critic_of = |psi: &[f64], z: [f64; 2]| {
        (0..25)
            .map(|k| psi[k] - (z[0] - c[k][0]).hypot(z[1] - c[k][1]))
            .fold(f64::MIN, f64::max)
    };
    // The dual objective E_real[F] − E_fake[F]: W1 at the optimum.
    let objective = |psi: &[f64]| {
        psi.iter().sum::<f64>() / 25.0
            - (0..pts.len())
                .map(|p| {
                    let row = &dist[p * 25..p * 25 + 25];
                    mass[p] * (0..25).map(|k| psi[k] - row[k]).fold(f64::MIN, f64::max)
                })
                .sum::<f64>()
    };
    let w1 = objective(&psi);
    let critic = |z: [f64; 2]| critic_of(&psi, z);
    let value = |pts: &[[f32; 2]]| -> Vec<f32> {
        pts.iter()
            .map(|z| critic([z[0] as f64, z[1] as f64]) as f32)
            .collect()
    };
    let counts = above_counts_of(value, 0.05);
    let standing = counts.iter().filter(|(a, of)| a == of).count();
    eprintln!("the optimal critic: ψ by row {psi:.3?}; per mode {counts:?}");
    assert_eq!(standing, 25, "every mode stands at 5 %: {counts:?}");
    // The margins are thin at the edges: at 7 % of the range the four middle edge modes no
    // longer stand (their inward midpoint is 6 % lower; the other outer modes' are 9 % and more).
    let strict = above_counts_of(value, 0.07);
    let outer_at_7 = strict
        .iter()
        .enumerate()
        .filter(|(k, (a, of))| !inner(*k) && a == of)
        .count();
    let inner_at_7 = strict
        .iter()
        .enumerate()
        .filter(|(k, (a, of))| inner(*k) && a == of)
        .count();
    assert_eq!((inner_at_7, outer_at_7), (9, 12), "at 7 %: {strict:?}");
    // And the objective hardly sees them: the 16 outer potentials lowered by 0.07, which sinks
    // all 12 edge modes, cost 0.1 % of W1, far below a 256-sample batch's noise in the W
    // estimate (about 0.05). That is why trained critics stop at the 9 inner modes.
    let mut sunk = psi.clone();
    for (k, v) in sunk.iter_mut().enumerate() {
        if !inner(k) {
            *v -= 0.07;
        }
    }
    let sunk_value = |pts: &[[f32; 2]]| -> Vec<f32> {
        pts.iter()
            .map(|z| critic_of(&sunk, [z[0] as f64, z[1] as f64]) as f32)
            .collect()
    };
    // Corners are modes 0, 4, 20 and 24; the other 12 outer modes are the edge modes.
    let edge = |k: usize| !inner(k) && ![0, 4, 20, 24].contains(&k);
    let sunk_counts = above_counts_of(sunk_value, 0.05);
    let edges_standing = sunk_counts
        .iter()
        .enumerate()
        .filter(|(k, (a, of))| edge(*k) && a == of)
        .count();
    let cost = w1 - objective(&sunk);
    eprintln!(
        "W1 {w1:.4}; outer potentials lowered by 0.07: {edges_standing} edge modes stand, W1 lower by {cost:.5}"
    );
    assert!((0.55..0.65).contains(&w1), "W1 {w1}");
    assert_eq!(edges_standing, 0, "{sunk_counts:?}");
    assert!(cost > 0.0 && cost < 0.002 * w1, "cost {cost} of W1 {w1}");
}
