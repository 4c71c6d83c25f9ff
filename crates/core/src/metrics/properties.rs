//! Property tests over every public function of the host metrics (`emd`, `modes`, `classes`)
//! with hostile input, as for the explainers (see `earthmover_explain`'s property tests): no
//! panic, no hang, and either a documented refusal or an answer that brute force (all
//! permutations) confirms. The probes' histogram is checked the same way in the engine.

use proptest::prelude::*;

use super::classes::class_report;
use super::emd::{AssignmentError, emd_1d_sorted, emd_2d, solve_assignment};
use super::modes::mode_report;
use crate::data::Modes;
use crate::testkit::{bounded, f32s, num};

/// Every permutation of 0..n (n ≤ 7).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for at in 0..=p.len() {
            let mut q = p.clone();
            q.insert(at, n - 1);
            out.push(q);
        }
    }
    out
}

/// The least total of `cost` over all permutations, each entry divided by `scale` first so that
/// sums of huge finite costs do not overflow.
fn brute_force_min(cost: &[f64], n: usize, scale: f64) -> f64 {
    permutations(n)
        .iter()
        .map(|p| {
            p.iter()
                .enumerate()
                .map(|(i, &j)| cost[i * n + j] / scale)
                .sum::<f64>()
        })
        .fold(f64::INFINITY, f64::min)
}

fn is_permutation(p: &[usize]) -> bool {
    let mut seen = vec![false; p.len()];
    p.iter()
        .all(|&j| j < seen.len() && !std::mem::replace(&mut seen[j], true))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn assignments_are_optimal_or_refused(
        n in 0usize..8,
        extra in prop_oneof![4 => Just(0usize), 1 => 1usize..5],
        cost in prop::collection::vec(prop_oneof![4 => -10.0f64..10.0, 1 => num()], 0..512),
    ) {
        // Usually exactly n × n entries, so that answers get checked.
        let mut cost = cost;
        if extra == 0 { cost.resize(n * n, 1.0); } else { cost.truncate(n * n + extra - 1); }
        let c2 = cost.clone();
        let got = bounded("solve_assignment", move || solve_assignment(&c2, n));
        if cost.len() != n * n {
            prop_assert_eq!(got, Err(AssignmentError::Shape { len: cost.len(), n }));
        } else if cost.iter().any(|c| !c.is_finite()) {
            prop_assert_eq!(got, Err(AssignmentError::NonFinite));
        } else {
            let pairs = got.unwrap();
            prop_assert!(is_permutation(&pairs) && pairs.len() == n);
            let scale = cost.iter().fold(1.0f64, |m, c| m.max(c.abs()));
            let ours: f64 = pairs.iter().enumerate().map(|(i, &j)| cost[i * n + j] / scale).sum();
            let best = brute_force_min(&cost, n, scale);
            prop_assert!(ours <= best + 1e-9 * n.max(1) as f64, "{} vs brute force {}", ours, best);
        }
    }

    #[test]
    fn emd_2d_matches_brute_force(a in f32s(16), b in f32s(16), same in any::<bool>()) {
        // Half the cases with equal sizes.
        let b = if same { let mut b = b; b.resize(a.len(), 0.5); b } else { b };
        let (a2, b2) = (a.clone(), b.clone());
        let got = bounded("emd_2d", move || emd_2d(&a2, &b2));
        let n = a.len() / 2;
        let bad = n == 0 || a.len() != b.len() || a.len() % 2 != 0 || a.iter().chain(&b).any(|v| !v.is_finite());
        if bad {
            prop_assert!(got.is_none());
        } else {
            let m = got.unwrap();
            prop_assert!(is_permutation(&m.pairs) && m.pairs.len() == n);
            let cost: Vec<f64> = (0..n).flat_map(|i| {
                let (a, b) = (&a, &b);
                (0..n).map(move |j| (a[2 * i] as f64 - b[2 * j] as f64).hypot(a[2 * i + 1] as f64 - b[2 * j + 1] as f64))
            }).collect();
            let scale = cost.iter().fold(1.0f64, |m, c| m.max(*c));
            let best = brute_force_min(&cost, n, scale) * scale / n as f64;
            prop_assert!((m.w1 - best).abs() <= 1e-9 * scale, "{} vs {}", m.w1, best);
        }
    }

    #[test]
    fn emd_1d_matches_brute_force(a in prop::collection::vec(num(), 0..7), b in prop::collection::vec(num(), 0..7), same in any::<bool>()) {
        let b = if same { let mut b = b; b.resize(a.len(), 0.25); b } else { b };
        let (a2, b2) = (a.clone(), b.clone());
        let got = bounded("emd_1d_sorted", move || emd_1d_sorted(&a2, &b2));
        let finite = a.iter().chain(&b).all(|v| v.is_finite());
        let span_ok = finite && {
            let lo = a.iter().chain(&b).copied().fold(f64::INFINITY, f64::min);
            let hi = a.iter().chain(&b).copied().fold(f64::NEG_INFINITY, f64::max);
            (hi - lo).is_finite()
        };
        if a.is_empty() || a.len() != b.len() || !span_ok {
            prop_assert!(got.is_none());
        } else {
            let n = a.len();
            let cost: Vec<f64> = a.iter().flat_map(|x| b.iter().map(move |y| (x - y).abs())).collect();
            let scale = cost.iter().fold(1.0f64, |m, c| m.max(*c));
            let best = brute_force_min(&cost, n, scale) * (scale / n as f64);
            let w = got.unwrap();
            prop_assert!((w - best).abs() <= 1e-12 * scale, "{} vs {}", w, best);
        }
    }

    #[test]
    fn mode_reports_count_consistently(
        points in f32s(512),
        centres in prop::collection::vec([-4.0f32..4.0, -4.0f32..4.0], 0..30),
        sigma in prop_oneof![3 => 0.01f32..1.0, 1 => num().prop_map(|v| v as f32)],
    ) {
        let modes = Modes { centres: centres.clone(), sigma };
        let p2 = points.clone();
        let r = bounded("mode_report", move || mode_report(&p2, &modes));
        let k = centres.len();
        prop_assert_eq!(r.per_mode.len(), k);
        let hq: usize = r.per_mode.iter().sum();
        prop_assert!(hq <= points.len() / 2);
        prop_assert_eq!(r.covered, r.per_mode.iter().filter(|c| **c > 0).count());
        prop_assert!((0.0..=1.0).contains(&r.high_quality));
        // Brute force: a point is high quality when some centre is within 3σ.
        let limit = 3.0 * sigma;
        let want = points.chunks_exact(2).filter(|p| centres.iter().any(|c| {
            let d = ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt();
            d <= limit && d.is_finite()
        })).count();
        // The report uses the nearest centre only, which is within 3σ whenever any is.
        prop_assert_eq!(hq, want);
        match r.kl_to_uniform {
            None => prop_assert_eq!(hq, 0),
            Some(kl) => prop_assert!(kl >= -1e-12 && kl <= (k as f64).ln() + 1e-12, "KL {} with {} modes", kl, k),
        }
    }

    #[test]
    fn class_reports_count_every_label(labels in prop::collection::vec(any::<u8>(), 0..512), trained in prop::collection::vec(0u8..10, 0..12)) {
        let (l2, t2) = (labels.clone(), trained.clone());
        let r = bounded("class_report", move || class_report(&l2, &t2));
        prop_assert_eq!(r.counts.iter().map(|c| *c as usize).sum::<usize>(), labels.len());
        prop_assert!(r.present <= 10);
        prop_assert!(r.kl_uniform >= -1e-12 && !r.kl_uniform.is_nan());
    }
}
