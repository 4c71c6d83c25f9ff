//! Optimal transport between two 1D histograms on shared positions: the "piles of earth" panel.
//!
//! In 1D the optimal plan for the cost |x − y| is the monotone one: fill the leftmost hole from
//! the leftmost earth first (the north-west-corner rule on sorted positions). Its cost equals the
//! area between the two CDFs, W1 = ∫ |F_P(t) − F_Q(t)| dt, which is how the panel shades it.

/// Why a pair of histograms cannot be compared.
#[derive(Clone, Debug, PartialEq)]
pub enum PileError {
    /// Positions must be finite and strictly increasing, one per bar, and span less than
    /// `f64::MAX` (so every distance between two bars is a finite number).
    Positions,
    /// A bar height is negative or not finite.
    Height,
    /// A histogram has no mass at all.
    Empty,
    /// A move of a plan names a bar that does not exist, or carries a negative or non-finite mass.
    Plan,
}

impl std::fmt::Display for PileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PileError::Positions => "bar positions must be finite and strictly increasing",
            PileError::Height => "bar heights must be finite and not negative",
            PileError::Empty => "each histogram needs some mass",
            PileError::Plan => "the plan moves mass from or to a bar that does not exist",
        })
    }
}

/// Scales non-negative heights to probabilities. Heights are divided by the largest first, so
/// heights whose sum would pass `f64::MAX` still give the right probabilities.
pub fn normalize(heights: &[f64]) -> Result<Vec<f64>, PileError> {
    if heights.iter().any(|h| !h.is_finite() || *h < 0.0) {
        return Err(PileError::Height);
    }
    let top = heights.iter().copied().fold(0.0, f64::max);
    if top <= 0.0 {
        return Err(PileError::Empty);
    }
    // Each scaled height is at most 1, so the total is at most the number of bars.
    let scaled: Vec<f64> = heights.iter().map(|h| h / top).collect();
    let total: f64 = scaled.iter().sum();
    Ok(scaled.iter().map(|h| h / total).collect())
}

fn check(positions: &[f64], p: &[f64], q: &[f64]) -> Result<(Vec<f64>, Vec<f64>), PileError> {
    if positions.is_empty()
        || p.len() != positions.len()
        || q.len() != positions.len()
        || positions.iter().any(|x| !x.is_finite())
        || positions.windows(2).any(|w| w[1] <= w[0])
        || !(positions[positions.len() - 1] - positions[0]).is_finite()
    {
        return Err(PileError::Positions);
    }
    Ok((normalize(p)?, normalize(q)?))
}

/// The two CDFs after each bar (heights are normalised first).
pub fn cdfs(positions: &[f64], p: &[f64], q: &[f64]) -> Result<(Vec<f64>, Vec<f64>), PileError> {
    let (p, q) = check(positions, p, q)?;
    let running = |w: &[f64]| {
        w.iter()
            .scan(0.0, |acc, v| {
                *acc += v;
                Some(*acc)
            })
            .collect::<Vec<f64>>()
    };
    Ok((running(&p), running(&q)))
}

/// W1 as the area between the CDFs: Σ |F_P(xᵢ) − F_Q(xᵢ)| (xᵢ₊₁ − xᵢ).
pub fn w1(positions: &[f64], p: &[f64], q: &[f64]) -> Result<f64, PileError> {
    let (fp, fq) = cdfs(positions, p, q)?;
    Ok(positions
        .windows(2)
        .enumerate()
        .map(|(i, w)| (fp[i] - fq[i]).abs() * (w[1] - w[0]))
        .sum())
}

/// One arrow of the transport plan: `mass` moves from bar `from` of P to bar `to` of Q.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    pub from: usize,
    pub to: usize,
    pub mass: f64,
}

/// The optimal (monotone) plan turning P into Q. Moves within one bar (from == to) are kept:
/// they cost nothing but account for the mass that stays. Every bar with mass takes part, however
/// small: the walk advances past whichever of the two current bars runs out first, and no
/// threshold decides what counts as empty. The last bar of either histogram takes all that the
/// other side still holds, so the ~10⁻¹⁶ by which the two normalised totals can differ never
/// strands a genuine bar at the end.
pub fn plan(positions: &[f64], p: &[f64], q: &[f64]) -> Result<Vec<Move>, PileError> {
    let (mut p, mut q) = check(positions, p, q)?;
    // Whether each last bar has mass of its own: the crumb of rounding that the other side can
    // leave there is no reason to draw a move from, or to, an empty bar.
    let last = p.len() - 1;
    let (p_last, q_last) = (p[last] > 0.0, q[last] > 0.0);
    let (mut i, mut j) = (0, 0);
    let mut moves = Vec::new();
    while i <= last && j <= last {
        let (m, real) = if i == last {
            (q[j], p_last)
        } else if j == last {
            (p[i], q_last)
        } else {
            (p[i].min(q[j]), true)
        };
        if m > 0.0 && real {
            moves.push(Move {
                from: i,
                to: j,
                mass: m,
            });
        }
        // The bar that gave out its last mass is done (exactly: no subtraction decides it).
        if i == last || (j != last && q[j] <= p[i]) {
            p[i] -= q[j];
            j += 1;
        } else {
            q[j] -= p[i];
            i += 1;
        }
    }
    Ok(moves)
}

/// The cost of a plan: Σ mass · |x_from − x_to|. Refuses a move that names a bar outside
/// `positions` or carries a negative or non-finite mass, and positions that [`w1`] would refuse.
pub fn plan_cost(positions: &[f64], moves: &[Move]) -> Result<f64, PileError> {
    if positions.iter().any(|x| !x.is_finite())
        || positions
            .first()
            .zip(positions.last())
            .is_some_and(|(a, b)| !(b - a).is_finite())
    {
        return Err(PileError::Positions);
    }
    moves
        .iter()
        .map(|m| match (positions.get(m.from), positions.get(m.to)) {
            (Some(a), Some(b)) if m.mass.is_finite() && m.mass >= 0.0 => Ok(m.mass * (a - b).abs()),
            _ => Err(PileError::Plan),
        })
        .sum()
}

/// KL(P ‖ Q) = Σ pᵢ ln(pᵢ / qᵢ) in nats; +∞ when P has mass where Q has none.
pub fn kl(p: &[f64], q: &[f64]) -> Result<f64, PileError> {
    let (p, q) = (normalize(p)?, normalize(q)?);
    if p.len() != q.len() {
        return Err(PileError::Positions);
    }
    let mut total = 0.0;
    for (a, b) in p.iter().zip(&q) {
        if *a > 0.0 {
            if *b == 0.0 {
                return Ok(f64::INFINITY);
            }
            // ln a − ln b, not ln(a / b): the quotient of a large and a subnormal probability
            // overflows although the log ratio is a modest number.
            total += a * (a.ln() - b.ln());
        }
    }
    Ok(total.max(0.0))
}

/// Jensen–Shannon divergence in nats: ½ KL(P ‖ M) + ½ KL(Q ‖ M) with M = (P + Q)/2. Always
/// finite, at most ln 2 (reached exactly when the supports are disjoint).
pub fn js(p: &[f64], q: &[f64]) -> Result<f64, PileError> {
    let (p, q) = (normalize(p)?, normalize(q)?);
    if p.len() != q.len() {
        return Err(PileError::Positions);
    }
    let half_kl = |a: &[f64]| -> f64 {
        a.iter()
            .zip(p.iter().zip(&q))
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, (pi, qi))| {
                // ln(x / m) with m = (p + q)/2 (x ≤ 2m, so the quotient cannot overflow, and it
                // is exactly 1 where p = q). Where halving a subnormal p + q would round m to 0,
                // as a difference of logs instead.
                let m = 0.5 * (pi + qi);
                let log_ratio = if m >= f64::MIN_POSITIVE {
                    (x / m).ln()
                } else {
                    x.ln() - (pi + qi).ln() + std::f64::consts::LN_2
                };
                0.5 * x * log_ratio
            })
            .sum()
    };
    Ok((half_kl(&p) + half_kl(&q)).clamp(0.0, std::f64::consts::LN_2))
}

/// A number for the page: "∞" for infinity, otherwise four decimals.
pub fn show(v: f64) -> String {
    if v.is_infinite() {
        "∞".to_string()
    } else {
        format!("{v:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use earthmover_core::metrics::emd::emd_1d_sorted;
    use earthmover_core::rng::Rng;

    fn random_piles(rng: &mut Rng, n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let mut x = 0.0;
        let positions: Vec<f64> = (0..n)
            .map(|_| {
                x += 0.1 + rng.uniform();
                x
            })
            .collect();
        // Some empty bars, so infinite KL and partial supports are exercised.
        let h = |rng: &mut Rng| -> Vec<f64> {
            let mut v: Vec<f64> = (0..n)
                .map(|_| {
                    if rng.uniform() < 0.3 {
                        0.0
                    } else {
                        rng.uniform()
                    }
                })
                .collect();
            v[0] += 0.01;
            v
        };
        let p = h(rng);
        let q = h(rng);
        (positions, p, q)
    }

    #[test]
    fn w1_equals_a_fine_numerical_integral_of_the_cdf_gap() {
        let mut rng = Rng::new(1);
        for n in 1..9 {
            let (x, p, q) = random_piles(&mut rng, n);
            let (pn, qn) = (normalize(&p).unwrap(), normalize(&q).unwrap());
            // Midpoint rule on a fine grid; CDFs evaluated from scratch at each t.
            let (lo, hi) = (x[0] - 1.0, x[n - 1] + 1.0);
            let steps = 200_000;
            let dt = (hi - lo) / steps as f64;
            let cdf = |w: &[f64], t: f64| -> f64 {
                x.iter()
                    .zip(w)
                    .filter(|(xi, _)| **xi <= t)
                    .map(|(_, m)| m)
                    .sum()
            };
            let integral: f64 = (0..steps)
                .map(|k| {
                    let t = lo + (k as f64 + 0.5) * dt;
                    (cdf(&pn, t) - cdf(&qn, t)).abs() * dt
                })
                .sum();
            let got = w1(&x, &p, &q).unwrap();
            assert!((got - integral).abs() < 1e-3, "n={n}: {got} vs {integral}");
        }
    }

    #[test]
    fn w1_equals_the_sorted_sample_formula_for_equal_counts() {
        let mut rng = Rng::new(2);
        for _ in 0..50 {
            let n = 1 + (rng.uniform() * 6.0) as usize;
            let x: Vec<f64> = (0..n)
                .map(|i| i as f64 * 0.7 + rng.uniform() * 0.3)
                .collect();
            // Integer counts with equal totals become equal-size samples.
            let total = 12;
            let counts = |rng: &mut Rng| -> Vec<usize> {
                let mut c = vec![0usize; n];
                for _ in 0..total {
                    c[(rng.uniform() * n as f64) as usize % n] += 1;
                }
                c
            };
            let (cp, cq) = (counts(&mut rng), counts(&mut rng));
            let sample = |c: &[usize]| -> Vec<f64> {
                c.iter()
                    .enumerate()
                    .flat_map(|(i, k)| std::iter::repeat_n(x[i], *k))
                    .collect()
            };
            let want = emd_1d_sorted(&sample(&cp), &sample(&cq)).unwrap();
            let f = |c: &[usize]| c.iter().map(|&v| v as f64).collect::<Vec<_>>();
            let got = w1(&x, &f(&cp), &f(&cq)).unwrap();
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn the_plan_conserves_mass_and_costs_exactly_w1() {
        let mut rng = Rng::new(3);
        for n in 1..10 {
            let (x, p, q) = random_piles(&mut rng, n);
            let moves = plan(&x, &p, &q).unwrap();
            let (pn, qn) = (normalize(&p).unwrap(), normalize(&q).unwrap());
            for i in 0..n {
                let out: f64 = moves.iter().filter(|m| m.from == i).map(|m| m.mass).sum();
                let inn: f64 = moves.iter().filter(|m| m.to == i).map(|m| m.mass).sum();
                assert!((out - pn[i]).abs() < 1e-9, "bar {i} sends its mass");
                assert!((inn - qn[i]).abs() < 1e-9, "bar {i} receives its mass");
            }
            assert!(moves.iter().all(|m| m.mass > 0.0));
            let cost = plan_cost(&x, &moves).unwrap();
            let w = w1(&x, &p, &q).unwrap();
            assert!((cost - w).abs() < 1e-9, "{cost} vs {w}");
        }
    }

    #[test]
    fn no_plan_is_cheaper_than_the_monotone_one() {
        // Brute force over transport plans on a small lattice of masses (multiples of 1/4).
        let x = [0.0, 1.0, 3.0];
        let p = [2.0, 1.0, 1.0];
        let q = [0.0, 1.0, 3.0];
        let best = plan_cost(&x, &plan(&x, &p, &q).unwrap()).unwrap();
        let mut min = f64::INFINITY;
        // m[i][j] in quarters; rows sum to p, columns to q.
        let mut m = [[0u32; 3]; 3];
        fn rec(k: usize, m: &mut [[u32; 3]; 3], x: &[f64; 3], min: &mut f64) {
            let p = [2, 1, 1];
            let q = [0, 1, 3];
            if k == 9 {
                let rows = (0..3).all(|i| m[i].iter().sum::<u32>() == p[i]);
                let cols = (0..3).all(|j| (0..3).map(|i| m[i][j]).sum::<u32>() == q[j]);
                if rows && cols {
                    let c: f64 = (0..9)
                        .map(|k| m[k / 3][k % 3] as f64 * (x[k / 3] - x[k % 3]).abs())
                        .sum();
                    *min = min.min(c / 4.0);
                }
                return;
            }
            for v in 0..=4 {
                m[k / 3][k % 3] = v;
                rec(k + 1, m, x, min);
            }
        }
        rec(0, &mut m, &x, &mut min);
        assert!((best - min).abs() < 1e-12, "{best} vs {min}");
        assert!(best > 0.0);
    }

    #[test]
    fn kl_and_js_match_direct_sums_and_the_entropy_identity() {
        let mut rng = Rng::new(4);
        for n in 1..9 {
            let (_, p, q) = random_piles(&mut rng, n);
            let (pn, qn) = (normalize(&p).unwrap(), normalize(&q).unwrap());
            let direct: f64 = pn
                .iter()
                .zip(&qn)
                .map(|(a, b)| match (*a > 0.0, *b > 0.0) {
                    (false, _) => 0.0,
                    (true, false) => f64::INFINITY,
                    (true, true) => a * a.ln() - a * b.ln(),
                })
                .sum();
            let got = kl(&p, &q).unwrap();
            if direct.is_infinite() {
                assert!(got.is_infinite());
            } else {
                assert!((got - direct).abs() < 1e-12, "{got} vs {direct}");
            }
            // JS = H(M) − (H(P) + H(Q))/2.
            let h =
                |w: &[f64]| -> f64 { w.iter().filter(|v| **v > 0.0).map(|v| -v * v.ln()).sum() };
            let m: Vec<f64> = pn.iter().zip(&qn).map(|(a, b)| 0.5 * (a + b)).collect();
            let want = h(&m) - 0.5 * (h(&pn) + h(&qn));
            let j = js(&p, &q).unwrap();
            assert!((j - want).abs() < 1e-12, "{j} vs {want}");
            assert!((js(&q, &p).unwrap() - j).abs() < 1e-12, "symmetric");
        }
    }

    #[test]
    fn disjoint_supports_give_js_ln2_and_infinite_kl_identical_give_zero() {
        let p = [1.0, 2.0, 0.0, 0.0];
        let q = [0.0, 0.0, 5.0, 1.0];
        assert!((js(&p, &q).unwrap() - std::f64::consts::LN_2).abs() < 1e-15);
        assert!(kl(&p, &q).unwrap().is_infinite());
        assert_eq!(kl(&p, &p).unwrap(), 0.0);
        assert_eq!(js(&p, &p).unwrap(), 0.0);
        assert_eq!(show(f64::INFINITY), "∞");
    }

    #[test]
    fn bad_histograms_are_refused() {
        assert_eq!(
            w1(&[0.0, 0.0], &[1.0, 1.0], &[1.0, 1.0]),
            Err(PileError::Positions)
        );
        assert_eq!(
            w1(&[0.0, 1.0], &[0.0, 0.0], &[1.0, 1.0]),
            Err(PileError::Empty)
        );
        assert_eq!(
            w1(&[0.0, 1.0], &[-1.0, 2.0], &[1.0, 1.0]),
            Err(PileError::Height)
        );
        assert_eq!(
            w1(&[0.0, 1.0], &[f64::NAN, 2.0], &[1.0, 1.0]),
            Err(PileError::Height)
        );
        assert_eq!(w1(&[], &[], &[]), Err(PileError::Positions));
    }
}
