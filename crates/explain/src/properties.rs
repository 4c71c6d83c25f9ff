//! Property tests over every public function of the explainers, with hostile input: arbitrary
//! finite and non-finite floats (NaN, ±∞, subnormals, ±f64::MAX), lengths 0 to 512, mismatched
//! lengths. Each case must finish within a time limit and either return a documented refusal or
//! a value that agrees with brute force computed here independently (big integers, permutations,
//! sampling). Why: an independent check found inputs that panicked, hung, or rounded a genuine
//! answer away; these pin the whole input space, not the panels' usual values.

use earthmover_core::testkit::{bounded, num};
use num_bigint::BigUint;
use proptest::prelude::*;

use super::lipschitz::{Curve, inside_cone, lipschitz_constant, pair_ratio};
use super::norms::{MAX_STAIRCASE_STEPS, l1, l2, lattice_paths, linf, staircases};
use super::parallel_lines::{MAX_ATOMS, atom_divergences, distances};
use super::saturation::{gradients, non_saturating_loss, saturating_loss, sigmoid};
use super::sparsity::{Quadratic, on_l1_ball, on_l2_ball};
use super::transport1d::{Move, PileError, cdfs, js, kl, normalize, plan, plan_cost, w1};

/// Non-negative heights, sometimes with a bad one among them.
fn heights() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        4 => prop::collection::vec(prop_oneof![
            4 => 0.0f64..10.0,
            1 => Just(0.0),
            1 => prop::sample::select(vec![1e-300, 5e-324, 1e-13, 1e300, f64::MAX]),
        ], 0..64),
        1 => prop::collection::vec(num(), 0..512),
    ]
}

/// Strictly increasing finite positions (usually), or anything.
fn positions(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        4 => (num(), prop::collection::vec(prop_oneof![3 => 0.01f64..3.0, 1 => Just(1e300)], n))
            .prop_map(|(start, gaps)| {
                let start = if start.is_finite() { start } else { 0.0 };
                gaps.iter()
                    .scan(start, |x, g| {
                        let here = *x;
                        *x += g;
                        Some(here)
                    })
                    .collect()
            }),
        1 => prop::collection::vec(num(), n..=n),
        1 => prop::collection::vec(num(), 0..512),
    ]
}

fn positions_ok(x: &[f64]) -> bool {
    !x.is_empty()
        && x.iter().all(|v| v.is_finite())
        && x.windows(2).all(|w| w[1] > w[0])
        && (x[x.len() - 1] - x[0]).is_finite()
}

fn heights_error(h: &[f64]) -> Option<PileError> {
    if h.iter().any(|v| !v.is_finite() || *v < 0.0) {
        Some(PileError::Height)
    } else if h.iter().all(|v| *v == 0.0) {
        Some(PileError::Empty)
    } else {
        None
    }
}

/// The refusal `w1`/`plan`/`cdfs` must give, by the documented rules.
fn piles_error(x: &[f64], p: &[f64], q: &[f64]) -> Option<PileError> {
    if !positions_ok(x) || p.len() != x.len() || q.len() != x.len() {
        return Some(PileError::Positions);
    }
    heights_error(p).or_else(|| heights_error(q))
}

/// Brute-force W1 between two histograms on shared positions: the greedy north-west-corner plan
/// in exact rational-free form is what `plan` does, so this uses the other classical formula,
/// the dual: W1 = max over 1-Lipschitz f of Σ f(xᵢ)(pᵢ − qᵢ). On sorted points the best f
/// steps by ±(x_{i+1} − x_i) with the sign of the running difference, which is what we sum.
/// Computed with the heights normalised by a different route (sums in reverse order).
fn w1_dual(x: &[f64], p: &[f64], q: &[f64]) -> f64 {
    let norm = |h: &[f64]| {
        let top = h.iter().copied().fold(0.0, f64::max);
        let total: f64 = h.iter().rev().map(|v| v / top).sum();
        h.iter().map(|v| v / top / total).collect::<Vec<f64>>()
    };
    let (p, q) = (norm(p), norm(q));
    // f(x_{i+1}) − f(x_i) = sign(D_i)·gap, D_i = Σ_{k≤i}(p_k − q_k); Σ f (p − q) = Σ |D_i|·gap.
    let mut d = 0.0;
    let mut total = 0.0;
    for i in 0..x.len() - 1 {
        d += p[i] - q[i];
        total += d.abs() * (x[i + 1] - x[i]);
    }
    total
}

fn binomial(n: u64, k: u64) -> BigUint {
    let mut c = BigUint::from(1u32);
    for i in 0..k {
        c = c * BigUint::from(n - i) / BigUint::from(i + 1);
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalize_refuses_exactly_bad_heights_and_keeps_proportions(h in heights()) {
        let h2 = h.clone();
        let got = bounded("normalize", move || normalize(&h2));
        match heights_error(&h) {
            Some(e) => prop_assert_eq!(got, Err(e)),
            None => {
                let p = got.unwrap();
                prop_assert_eq!(p.len(), h.len());
                let sum: f64 = p.iter().sum();
                prop_assert!((sum - 1.0).abs() < 1e-12, "sums to {}", sum);
                // Proportional to the heights: compare with the largest bar.
                let (m, top) = h.iter().enumerate().fold((0, 0.0), |a, (i, v)| if *v > a.1 { (i, *v) } else { a });
                for (pi, hi) in p.iter().zip(&h) {
                    let want = hi / top;
                    if want > 1e-290 {
                        prop_assert!((pi / p[m] - want).abs() <= 1e-12 * want, "{} vs {}", pi / p[m], want);
                    }
                }
            }
        }
    }

    #[test]
    fn w1_plan_and_cdfs_agree_with_the_dual_and_refuse_as_documented(
        (x, p, q) in (1usize..40).prop_flat_map(|n| (positions(n), heights(), heights()))
            .prop_map(|(x, mut p, mut q)| {
                // Usually the right lengths, so that answers get checked, not only refusals.
                if p.len() > x.len() || x.len() % 3 != 0 { p.resize(x.len(), 1.0); }
                if q.len() > x.len() || x.len() % 5 != 0 { q.resize(x.len(), 0.5); }
                (x, p, q)
            })
    ) {
        let (x2, p2, q2) = (x.clone(), p.clone(), q.clone());
        let (w, moves, c) = bounded("w1/plan/cdfs", move || {
            (w1(&x2, &p2, &q2), plan(&x2, &p2, &q2), cdfs(&x2, &p2, &q2))
        });
        match piles_error(&x, &p, &q) {
            Some(e) => {
                prop_assert_eq!(w, Err(e.clone()));
                prop_assert_eq!(moves, Err(e.clone()));
                prop_assert_eq!(c, Err(e));
            }
            None => {
                let w = w.unwrap();
                let span = x[x.len() - 1] - x[0];
                let want = w1_dual(&x, &p, &q);
                prop_assert!(w >= 0.0 && w <= span * (1.0 + 1e-12), "{} in [0, {}]", w, span);
                prop_assert!((w - want).abs() <= 1e-9 * span.max(f64::MIN_POSITIVE), "W1 {} vs dual {}", w, want);
                let moves = moves.unwrap();
                let cost = plan_cost(&x, &moves).unwrap();
                prop_assert!((cost - w).abs() <= 1e-9 * span.max(f64::MIN_POSITIVE), "plan {} vs W1 {}", cost, w);
                let (pn, qn) = (normalize(&p).unwrap(), normalize(&q).unwrap());
                // No threshold: every bar with mass sends and every bar with mass receives, down
                // to masses at the resolution of the running sums (a bar of 10⁻³⁰⁰ beside one of
                // 1 vanishes in 1 + 10⁻³⁰⁰ = 1, for W1 as much as for the plan); an empty bar
                // takes no part.
                for i in 0..x.len() {
                    let (sends, receives) = (moves.iter().any(|m| m.from == i), moves.iter().any(|m| m.to == i));
                    if pn[i] > 1e-14 || pn[i] == 0.0 {
                        prop_assert_eq!(pn[i] > 0.0, sends, "bar {} of P ({})", i, pn[i]);
                    }
                    if qn[i] > 1e-14 || qn[i] == 0.0 {
                        prop_assert_eq!(qn[i] > 0.0, receives, "bar {} of Q ({})", i, qn[i]);
                    }
                }
                for i in 0..x.len() {
                    let out: f64 = moves.iter().filter(|m| m.from == i).map(|m| m.mass).sum();
                    let inn: f64 = moves.iter().filter(|m| m.to == i).map(|m| m.mass).sum();
                    prop_assert!((out - pn[i]).abs() < 1e-12 && (inn - qn[i]).abs() < 1e-12);
                }
                let (fp, fq) = c.unwrap();
                prop_assert!((fp[fp.len() - 1] - 1.0).abs() < 1e-12 && (fq[fq.len() - 1] - 1.0).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn plan_cost_refuses_moves_that_do_not_fit(
        x in prop::collection::vec(num(), 0..64),
        raw in prop::collection::vec((0usize..80, 0usize..80, num()), 0..64),
    ) {
        let moves: Vec<Move> = raw.iter().map(|&(from, to, mass)| Move { from, to, mass }).collect();
        let (x2, m2) = (x.clone(), moves.clone());
        let got = bounded("plan_cost", move || plan_cost(&x2, &m2));
        let finite_span = x.iter().all(|v| v.is_finite())
            && x.first().zip(x.last()).is_none_or(|(a, b)| (b - a).is_finite());
        if !finite_span {
            prop_assert_eq!(got, Err(PileError::Positions));
        } else if moves.iter().any(|m| m.from >= x.len() || m.to >= x.len() || !(m.mass.is_finite() && m.mass >= 0.0)) {
            prop_assert_eq!(got, Err(PileError::Plan));
        } else {
            let want: f64 = moves.iter().map(|m| m.mass * (x[m.from] - x[m.to]).abs()).sum();
            prop_assert_eq!(got, Ok(want));
        }
    }

    #[test]
    fn kl_and_js_stay_in_range(p in heights(), q in heights()) {
        let (p2, q2) = (p.clone(), q.clone());
        let (k, j, k_self, j_swap) = bounded("kl/js", move || (kl(&p2, &q2), js(&p2, &q2), kl(&p2, &p2), js(&q2, &p2)));
        let refused = heights_error(&p).or_else(|| heights_error(&q))
            .or((p.len() != q.len()).then_some(PileError::Positions));
        match refused {
            Some(e) => {
                prop_assert_eq!(k, Err(e.clone()));
                prop_assert_eq!(j, Err(e));
            }
            None => {
                let (k, j) = (k.unwrap(), j.unwrap());
                prop_assert!(k >= 0.0 && !k.is_nan(), "KL {}", k);
                prop_assert!((0.0..=std::f64::consts::LN_2).contains(&j), "JS {}", j);
                prop_assert!((j - j_swap.unwrap()).abs() < 1e-12, "JS is symmetric");
                prop_assert!(k_self.unwrap().abs() < 1e-12, "KL(P‖P) = 0");
                // Disjoint supports: KL = ∞ and JS = ln 2, exactly as the panel says.
                let disjoint = p.iter().zip(&q).all(|(a, b)| *a == 0.0 || *b == 0.0);
                if disjoint {
                    prop_assert!(k.is_infinite());
                    prop_assert!((j - std::f64::consts::LN_2).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn lattice_paths_match_big_integers(dx in prop_oneof![3 => 0u32..160, 1 => any::<u32>()], dy in prop_oneof![3 => 0u32..160, 1 => any::<u32>()]) {
        let got = bounded("lattice_paths", move || lattice_paths(dx, dy));
        let (n, k) = (dx as u64 + dy as u64, dx.min(dy) as u64);
        if k <= 160 {
            let want = binomial(n, k);
            prop_assert_eq!(got, u128::try_from(want).ok());
        } else {
            // C(n, k) ≥ C(2k, k) > C(320, 160) > 2¹²⁸.
            prop_assert_eq!(got, None);
        }
    }

    #[test]
    fn norms_propagate_nan_and_order(a in num(), b in num()) {
        let v = [a, b];
        let (n1, n2, ni) = (l1(v), l2(v), linf(v));
        if a.is_nan() || b.is_nan() {
            prop_assert!(ni.is_nan(), "L∞ of {:?} is {}", v, ni);
        } else {
            prop_assert_eq!(ni, a.abs().max(b.abs()));
            prop_assert!(ni <= n2 && n2 <= n1 * (1.0 + 1e-15), "{} {} {}", ni, n2, n1);
        }
    }

    #[test]
    fn staircases_are_bounded_and_shortest(a in any::<[i64; 2]>(), b in any::<[i64; 2]>(), near in any::<bool>(), d in any::<[i8; 2]>()) {
        // Half the cases near each other, so that paths get checked.
        let b = if near { [a[0].saturating_add(d[0] as i64), a[1].saturating_add(d[1] as i64)] } else { b };
        let got = bounded("staircases", move || staircases(a, b));
        let steps = (b[0] as i128 - a[0] as i128).unsigned_abs() + (b[1] as i128 - a[1] as i128).unsigned_abs();
        if steps > MAX_STAIRCASE_STEPS as u128 || b[0].checked_sub(a[0]).is_none() || b[1].checked_sub(a[1]).is_none() {
            prop_assert!(got.is_none());
        } else {
            let paths = got.unwrap();
            // At most three are drawn; a count past u128 is certainly more than three.
            let count = lattice_paths((b[0] - a[0]).unsigned_abs() as u32, (b[1] - a[1]).unsigned_abs() as u32);
            prop_assert_eq!(paths.len() as u128, count.map_or(3, |c| c.min(3)));
            for p in paths {
                prop_assert_eq!(p.first(), Some(&a));
                prop_assert_eq!(p.last(), Some(&b));
                prop_assert_eq!((p.len() - 1) as u128, steps);
            }
        }
    }

    #[test]
    fn parallel_lines_give_the_closed_forms_for_every_finite_theta(theta in num(), n in 0usize..24) {
        let got = bounded("distances", move || distances(theta, n));
        if !theta.is_finite() || n == 0 || n > MAX_ATOMS {
            prop_assert!(got.is_none());
        } else {
            let d = got.unwrap();
            prop_assert!((d.w1 - theta.abs()).abs() <= 1e-12 * theta.abs().max(1e-300) + 1e-15, "W1 {} at θ {}", d.w1, theta);
            if theta == 0.0 {
                prop_assert_eq!((d.js, d.kl), (0.0, 0.0));
            } else {
                prop_assert!((d.js - std::f64::consts::LN_2).abs() < 1e-12);
                prop_assert!(d.kl.is_infinite());
            }
        }
    }

    #[test]
    fn atom_divergences_refuse_empty_and_non_finite_sets(
        a in prop::collection::vec([num(), num()], 0..40),
        b in prop::collection::vec([num(), num()], 0..40),
    ) {
        let (a2, b2) = (a.clone(), b.clone());
        let got = bounded("atom_divergences", move || atom_divergences(&a2, &b2));
        let bad = a.is_empty() || b.is_empty() || a.iter().chain(&b).flatten().any(|v| !v.is_finite());
        if bad {
            prop_assert!(got.is_none());
        } else {
            let (k, j) = got.unwrap();
            prop_assert!(k >= 0.0 && (0.0..=std::f64::consts::LN_2).contains(&j));
        }
    }

    #[test]
    fn saturation_gradients_match_finite_differences(l in num()) {
        let g = gradients(l);
        let d = sigmoid(l);
        if l.is_nan() {
            prop_assert!(d.is_nan());
        } else {
            prop_assert!((0.0..=1.0).contains(&d));
            prop_assert!((g.saturating + g.non_saturating - 1.0).abs() < 1e-15);
            prop_assert_eq!(g.wasserstein, 1.0);
            prop_assert!(saturating_loss(l) <= 0.0 && non_saturating_loss(l) >= 0.0);
            if l.abs() < 30.0 {
                // |d/dℓ ln(1 − σ)| = σ and |d/dℓ (−ln σ)| = 1 − σ, by central differences.
                let h = 1e-5;
                let fd = |f: fn(f64) -> f64| ((f(l + h) - f(l - h)) / (2.0 * h)).abs();
                prop_assert!((fd(saturating_loss) - g.saturating).abs() < 1e-8);
                prop_assert!((fd(non_saturating_loss) - g.non_saturating).abs() < 1e-8);
            }
        }
    }

    #[test]
    fn lipschitz_constants_are_exact_or_refused(
        kind in 0usize..5, k in num(), a in num(), b in num(),
        values in prop::collection::vec(num(), 0..64), x0 in num(), dx in num(),
    ) {
        let curve = match kind {
            0 => Curve::Smooth,
            1 => Curve::Abs,
            2 => Curve::Sine { k },
            3 => Curve::Step { s: k },
            _ => Curve::Samples { x0, dx, values: values.clone() },
        };
        let c2 = curve.clone();
        let got = bounded("lipschitz_constant", move || lipschitz_constant(&c2, a, b));
        let param_ok = match &curve {
            Curve::Sine { k } | Curve::Step { s: k } => k.is_finite(),
            Curve::Samples { x0, dx, values } => values.len() >= 2 && *dx > 0.0 && dx.is_finite() && x0.is_finite() && values.iter().all(|v| v.is_finite()),
            _ => true,
        };
        if !(a.is_finite() && b.is_finite() && a <= b && param_ok) {
            prop_assert!(got.is_none());
            return Ok(());
        }
        let Some(l) = got else {
            // Only a constant past f64::MAX may be refused here (a sampled curve's steep step).
            let sampled = matches!(curve, Curve::Samples { .. });
            prop_assert!(sampled, "refused {:?}", curve);
            return Ok(());
        };
        if a == b {
            prop_assert_eq!(l, 0.0);
            return Ok(());
        }
        // Brute force: difference quotients of close pairs never exceed K…
        let n = 400;
        let xs: Vec<f64> = (0..=n).map(|i| (a + (b - a) * (i as f64 / n as f64)).clamp(a, b)).filter(|x| x.is_finite()).collect();
        // (Pairs closer than 10⁻²⁸⁰ are left out: there the curves' values are subnormal and
        // round by more than the slope.)
        for w in xs.windows(2) {
            if w[1] - w[0] > 1e-280 {
                let r = pair_ratio(&curve, w[0], w[1]);
                // Each value carries rounding of a few ulps of its own size and of K·|x − x0|
                // (the sample cell's offset); over a short pair that can look like slope.
                let origin = match &curve {
                    Curve::Samples { x0, dx, .. } => x0.abs().max(*dx),
                    _ => 0.0,
                };
                let mag = 1.0
                    + curve.value(w[0]).abs().max(curve.value(w[1]).abs())
                    + l * w[0].abs().max(w[1].abs()).max(origin);
                let rounding = 16.0 * f64::EPSILON * mag / (w[1] - w[0]);
                if r.is_finite() {
                    prop_assert!(r <= l * (1.0 + 1e-9) + 1e-9 + rounding, "{:?}: pair {} > K {}", curve, r, l);
                    // …so no such pair enters the cone of slope K.
                    prop_assert!(!inside_cone(&curve, w[0], l * (1.0 + 1e-9) + 1e-9 + rounding, w[1]));
                }
            }
        }
        // …and K is reached: the analytic bound for the test curves.
        let bound = match &curve {
            Curve::Smooth => 0.9,
            Curve::Abs => 1.0,
            Curve::Sine { k } | Curve::Step { s: k } => k.abs(),
            Curve::Samples { values, dx, .. } => values.windows(2).map(|w| ((w[1] - w[0]) / dx).abs()).fold(0.0, f64::max),
        };
        prop_assert!(l <= bound * (1.0 + 1e-12), "{:?}: K {} above the curve's bound {}", curve, l, bound);
        // Wide intervals reach the bound exactly.
        let wide = match &curve {
            Curve::Smooth | Curve::Abs => b - a > 7.0,
            Curve::Sine { k } => k.abs() * (b - a) > 7.0,
            _ => false,
        };
        if wide {
            prop_assert!((l - bound).abs() <= 1e-12 * bound, "{:?} on [{}, {}]: {} vs {}", curve, a, b, l, bound);
        }
    }

    #[test]
    fn ball_optima_are_feasible_and_beat_sampling(
        c0 in num(), c1 in num(), angle in num(), a1 in num(), a2 in num(), t in num(),
    ) {
        let q = Quadratic { center: [c0, c1], angle, curvature: [a1, a2] };
        let (o1, o2) = bounded("on_l1_ball/on_l2_ball", move || (on_l1_ball(&q, t), on_l2_ball(&q, t)));
        let valid = [c0, c1, angle, a1, a2].iter().all(|v| v.is_finite()) && a1 > 0.0 && a2 > 0.0 && t > 0.0 && t.is_finite();
        if !valid {
            prop_assert!(o1.is_none() && o2.is_none());
            return Ok(());
        }
        // The documented extremes: a subnormal radius, or radius or smaller curvature below 2⁻¹⁰²⁰
        // of the larger scale.
        // (2⁻¹⁰¹⁸ here: the solvers compare after rounding the scale to a power of two.)
        let m = c0.abs().max(c1.abs()).max(t);
        let extreme = t < f64::MIN_POSITIVE || t < m * 2f64.powi(-1018) || a1.min(a2) < a1.max(a2) * 2f64.powi(-1018);
        // Brute force on each boundary (the centre outside) or the centre itself (inside).
        let samples = 2000;
        for (l1_ball, o) in [(true, o1), (false, o2)] {
            let inside = if l1_ball { c0.abs() / t + c1.abs() / t <= 1.0 } else { c0.hypot(c1) <= t };
            let boundary = |i: usize| {
                let phi = std::f64::consts::TAU * i as f64 / samples as f64;
                let (s, c) = phi.sin_cos();
                if l1_ball {
                    let r = t / (s.abs() + c.abs());
                    [r * c, r * s]
                } else {
                    [t * c, t * s]
                }
            };
            let best = (0..samples).map(|i| q.value(boundary(i))).fold(f64::INFINITY, f64::min);
            match o {
                None => prop_assert!(extreme || best > f64::MAX / 16.0 || (inside && q.value(q.center) > f64::MAX / 16.0),
                    "refused {:?} t {} (L1: {})", q, t, l1_ball),
                Some(o) => {
                    if inside {
                        prop_assert_eq!(o.x, q.center);
                        continue;
                    }
                    let r = if l1_ball { o.x[0].abs() / t + o.x[1].abs() / t } else { (o.x[0] / t).hypot(o.x[1] / t) };
                    prop_assert!(r <= 1.0 + 1e-12, "outside its ball: {:?} t {} (L1: {})", o.x, t, l1_ball);
                    prop_assert!(o.loss <= best * (1.0 + 1e-9) + f64::MIN_POSITIVE, "{:?} t {}: {} vs sampled {} (L1: {})", q, t, o.loss, best, l1_ball);
                }
            }
        }
    }
}

/// The u128 limit itself: for each k, the largest n whose C(n, k) fits gives `Some` with the
/// exact value and n + 1 gives `None` (by big integers; the old order of operations overflowed
/// in between).
#[test]
fn lattice_paths_reach_the_u128_limit_exactly() {
    let limit = BigUint::from(u128::MAX);
    // Below k = 5 every count with u32 steps fits; C(132, 66) is the first central one that
    // does not.
    for k in 5u64..=65 {
        // Binary search for the largest n with C(n, k) ≤ u128::MAX, within u32 step counts.
        let (mut lo, mut hi) = (2 * k, k + u32::MAX as u64);
        assert!(
            binomial(lo, k) <= limit && binomial(hi, k) > limit,
            "k = {k}"
        );
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if binomial(mid, k) <= limit {
                lo = mid
            } else {
                hi = mid
            }
        }
        let fits = lattice_paths(k as u32, (lo - k) as u32);
        assert_eq!(
            fits.map(BigUint::from),
            Some(binomial(lo, k)),
            "C({lo}, {k})"
        );
        assert_eq!(
            lattice_paths(k as u32, (hi - k) as u32),
            None,
            "C({hi}, {k}) overflows"
        );
    }
}

/// The largest inputs the explainers take still answer quickly: 512 atoms per line.
#[test]
fn the_largest_matching_answers_in_time() {
    let d = bounded("distances at MAX_ATOMS", || distances(3.0e300, MAX_ATOMS)).unwrap();
    assert!((d.w1 - 3.0e300).abs() <= 1e-12 * 3.0e300);
    let d = bounded("distances beyond f32", || distances(-1e39, 8)).unwrap();
    assert!((d.w1 - 1e39).abs() <= 1e27, "θ beyond f32::MAX: {}", d.w1);
}

/// Bars with a tiny genuine mass are moved, so the plan costs exactly W1 (an old threshold of
/// 10⁻¹² dropped them).
#[test]
fn tiny_bars_are_moved() {
    let x = [0.0, 1.0, 1e6];
    let p = [1.0, 0.0, 5e-13];
    let q = [0.0, 1.0, 0.0];
    let moves = plan(&x, &p, &q).unwrap();
    let cost = plan_cost(&x, &moves).unwrap();
    let w = w1(&x, &p, &q).unwrap();
    assert!(moves.iter().any(|m| m.from == 2), "{moves:?}");
    assert!((cost - w).abs() < 1e-15, "{cost} vs {w}");
    // Heights whose sum passes f64::MAX.
    let h = [f64::MAX, f64::MAX, f64::MAX];
    assert_eq!(normalize(&h).unwrap(), vec![1.0 / 3.0; 3]);
    assert!((w1(&[0.0, 1.0, 2.0], &h, &[0.0, 0.0, 1.0]).unwrap() - 1.0).abs() < 1e-15);
}
