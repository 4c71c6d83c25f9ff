//! Why L1 regularisation zeroes features and L2 does not (lecture slide 8), computed exactly.
//!
//! Minimise a quadratic loss q(x) = (x − c)ᵀ A (x − c) over the ball ‖x‖ ≤ t. The loss's level
//! sets are ellipses centred at c; the optimum is where the smallest ellipse touches the ball.
//! The L1 ball is a diamond whose corners stick out, so the touching point is usually a corner,
//! where one coordinate is exactly 0. The L2 ball is round, so it almost never is.
//!
//! Both optima are exact: on the diamond we minimise the quadratic on each of its four edges in
//! closed form; on the circle we solve the KKT condition (A + μI) x = A c, ‖x‖ = t, for the
//! multiplier μ by bisection to machine precision.

/// A convex quadratic loss with elliptical level sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quadratic {
    /// The unconstrained optimum c.
    pub center: [f64; 2],
    /// The ellipses' rotation in radians.
    pub angle: f64,
    /// The curvatures along the two principal axes (both > 0).
    pub curvature: [f64; 2],
}

impl Quadratic {
    /// The symmetric matrix A = R diag(a₁, a₂) Rᵀ as [a11, a12, a22].
    pub fn matrix(&self) -> [f64; 3] {
        let (s, c) = self.angle.sin_cos();
        let [a1, a2] = self.curvature;
        [
            a1 * c * c + a2 * s * s,
            (a1 - a2) * s * c,
            a1 * s * s + a2 * c * c,
        ]
    }

    /// q(x), as Σ aᵢ uᵢ² with u = Rᵀ(x − c) the offset in the ellipse's principal axes: a sum of
    /// non-negative terms, so it only overflows when the loss itself passes `f64::MAX`.
    pub fn value(&self, x: [f64; 2]) -> f64 {
        let u = self.axes_of([x[0] - self.center[0], x[1] - self.center[1]]);
        self.curvature[0] * u[0] * u[0] + self.curvature[1] * u[1] * u[1]
    }

    /// Rᵀ v: a vector in the principal axes.
    fn axes_of(&self, v: [f64; 2]) -> [f64; 2] {
        let (s, c) = self.angle.sin_cos();
        [c * v[0] + s * v[1], -s * v[0] + c * v[1]]
    }

    /// R w: back from the principal axes.
    fn point_of(&self, w: [f64; 2]) -> [f64; 2] {
        let (s, c) = self.angle.sin_cos();
        [c * w[0] - s * w[1], s * w[0] + c * w[1]]
    }

    fn valid(&self) -> bool {
        self.center
            .iter()
            .chain(&self.curvature)
            .all(|v| v.is_finite())
            && self.angle.is_finite()
            && self.curvature.iter().all(|a| *a > 0.0)
    }
}

/// v · 2ᵏ for an exponent that may be far outside the normal range, in two exact steps so that
/// no intermediate factor is 0 or ∞ (2⁻¹⁰⁷⁴ … 2¹⁰²⁴ are all reached).
fn scale(v: f64, k: i32) -> f64 {
    let half = k / 2;
    v * 2f64.powi(half) * 2f64.powi(k - half)
}

/// The exponent e with 2ᵉ⁻¹ ≤ m < 2ᵉ, for a positive finite m.
fn exponent(m: f64) -> i32 {
    let bits = m.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: m = mantissa · 2⁻¹⁰⁷⁴, whose top bit is bit 63 − leading zeros.
        let top = 63 - (bits & ((1u64 << 52) - 1)).leading_zeros() as i32;
        top - 1073
    } else {
        biased - 1022
    }
}

/// The problem rescaled by exact powers of two: centre and radius so that the larger is in
/// [½, 1), curvatures so that the larger is in [½, 1). The constrained minimiser of the rescaled
/// problem, times 2^`back`, is the original one (scaling every length by 2ᵏ scales the minimiser
/// by 2ᵏ; scaling the loss leaves it where it is). `None` for a subnormal radius (the optimum
/// would round off its ball), and when the radius or the smaller curvature would fall below
/// f64's normal range, i.e. when t < ‖c‖∞ · 2⁻¹⁰²⁰ or a_min < a_max · 2⁻¹⁰²⁰: answers no
/// screen can tell from the limit.
fn rescaled(q: &Quadratic, t: f64) -> Option<(Quadratic, f64, i32)> {
    let m = q.center[0].abs().max(q.center[1].abs()).max(t);
    let e = exponent(m);
    let [a1, a2] = q.curvature;
    let ea = exponent(a1.max(a2));
    let scaled = Quadratic {
        center: [scale(q.center[0], -e), scale(q.center[1], -e)],
        angle: q.angle,
        curvature: [scale(a1, -ea), scale(a2, -ea)],
    };
    let t_scaled = scale(t, -e);
    let normal = |v: f64| v >= f64::MIN_POSITIVE * 4.0;
    (t >= f64::MIN_POSITIVE && normal(t_scaled) && scaled.curvature.iter().all(|a| normal(*a)))
        .then_some((scaled, t_scaled, e))
}

/// The constrained optimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Optimum {
    pub x: [f64; 2],
    /// The loss there.
    pub loss: f64,
    /// Whether a coordinate is exactly zero (a feature was dropped).
    pub sparse: bool,
}

/// The optimum at x, or `None` when the loss there passes `f64::MAX`.
fn optimum(q: &Quadratic, x: [f64; 2]) -> Option<Optimum> {
    let loss = q.value(x);
    (loss.is_finite() && x.iter().all(|v| v.is_finite())).then_some(Optimum {
        x,
        loss,
        sparse: x[0] == 0.0 || x[1] == 0.0,
    })
}

/// The exact minimiser of q on the L1 ball ‖x‖₁ ≤ t. `None` for an invalid loss or radius, for
/// the extreme scale ratios [`rescaled`] names, or when the loss at the optimum passes
/// `f64::MAX`.
pub fn on_l1_ball(q: &Quadratic, t: f64) -> Option<Optimum> {
    if !(q.valid() && t > 0.0 && t.is_finite()) {
        return None;
    }
    if super::norms::l1(q.center) <= t {
        return optimum(q, q.center);
    }
    let (s_q, s_t, back) = rescaled(q, t)?;
    // The loss is convex and the centre lies outside, so the optimum is on the boundary: the
    // best point of the four edges between the corners (t,0), (0,t), (−t,0), (0,−t).
    let corners = [[s_t, 0.0], [0.0, s_t], [-s_t, 0.0], [0.0, -s_t]];
    // uᵀ A w through the principal axes.
    let quad = |u: [f64; 2], w: [f64; 2]| {
        let (u, w) = (s_q.axes_of(u), s_q.axes_of(w));
        s_q.curvature[0] * u[0] * w[0] + s_q.curvature[1] * u[1] * w[1]
    };
    let best = (0..4)
        .map(|e| {
            let (p0, p1) = (corners[e], corners[(e + 1) % 4]);
            let dir = [p1[0] - p0[0], p1[1] - p0[1]];
            let r = [p0[0] - s_q.center[0], p0[1] - s_q.center[1]];
            // q(p0 + s·dir) = q(p0) + 2s·dirᵀAr + s²·dirᵀA dir, minimised at s*, clamped to [0, 1].
            let (num, den) = (quad(dir, r), quad(dir, dir));
            let s = if den > 0.0 {
                (-num / den).clamp(0.0, 1.0)
            } else if num < 0.0 {
                1.0
            } else {
                0.0
            };
            // The ends are returned exactly, so a corner has an exact zero coordinate.
            let x = if s == 0.0 {
                p0
            } else if s == 1.0 {
                p1
            } else {
                [p0[0] + s * dir[0], p0[1] + s * dir[1]]
            };
            (s_q.value(x), x)
        })
        .min_by(|u, v| u.0.total_cmp(&v.0))?;
    optimum(q, [scale(best.1[0], back), scale(best.1[1], back)])
}

/// The exact minimiser of q on the L2 ball ‖x‖₂ ≤ t. `None` for an invalid loss or radius, for
/// the extreme scale ratios [`rescaled`] names, or when the loss at the optimum passes
/// `f64::MAX`.
pub fn on_l2_ball(q: &Quadratic, t: f64) -> Option<Optimum> {
    if !(q.valid() && t > 0.0 && t.is_finite()) {
        return None;
    }
    if super::norms::l2(q.center) <= t {
        return optimum(q, q.center);
    }
    let (s_q, s_t, back) = rescaled(q, t)?;
    // In the principal axes, x(μ) = (A + μI)⁻¹ A c has the coordinates wᵢ / (1 + μ/aᵢ) with
    // w = Rᵀc: each factor is in (0, 1], so nothing overflows for any μ. Its norm falls
    // monotonically from ‖c‖ > t towards 0 as μ grows.
    let w = s_q.axes_of(s_q.center);
    let [a1, a2] = s_q.curvature;
    let x_of = |mu: f64| [w[0] / (1.0 + mu / a1), w[1] / (1.0 + mu / a2)];
    let norm = |mu: f64| {
        let x = x_of(mu);
        x[0].hypot(x[1])
    };
    // Bisection over the bit patterns of non-negative floats, which are ordered like their
    // values: at most 64 halvings reach two neighbouring floats, whatever the scale of μ.
    let (mut lo, mut hi) = (0u64, f64::MAX.to_bits());
    if norm(f64::MAX) > s_t {
        // Cannot happen after rescaling (‖x(f64::MAX)‖ < 2⁻¹⁰²¹ ≤ t); refuse rather than guess.
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if norm(f64::from_bits(mid)) > s_t {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let x = s_q.point_of(x_of(f64::from_bits(hi)));
    optimum(q, [scale(x[0], back), scale(x[1], back)])
}

#[cfg(test)]
mod tests {
    use super::super::norms::{l1, l2};
    use super::*;
    use earthmover_core::rng::Rng;

    fn random_loss(rng: &mut Rng) -> Quadratic {
        Quadratic {
            center: [rng.uniform_in(-3.0, 3.0), rng.uniform_in(-3.0, 3.0)],
            angle: rng.uniform_in(0.0, std::f64::consts::PI),
            curvature: [rng.uniform_in(0.2, 3.0), rng.uniform_in(0.2, 3.0)],
        }
    }

    /// The best loss over a fine grid of points inside the ball.
    fn grid_search(q: &Quadratic, inside: impl Fn([f64; 2]) -> bool, t: f64) -> f64 {
        let n = 600;
        let mut best = f64::INFINITY;
        for i in 0..=n {
            for j in 0..=n {
                let x = [
                    -t + 2.0 * t * i as f64 / n as f64,
                    -t + 2.0 * t * j as f64 / n as f64,
                ];
                if inside(x) {
                    best = best.min(q.value(x));
                }
            }
        }
        best
    }

    #[test]
    fn both_optima_beat_or_tie_a_fine_grid_search_and_stay_in_their_balls() {
        let mut rng = Rng::new(6);
        for _ in 0..25 {
            let q = random_loss(&mut rng);
            let t = rng.uniform_in(0.5, 2.0);
            let o1 = on_l1_ball(&q, t).unwrap();
            let o2 = on_l2_ball(&q, t).unwrap();
            assert!(l1(o1.x) <= t * (1.0 + 1e-12));
            assert!(l2(o2.x) <= t * (1.0 + 1e-12));
            let g1 = grid_search(&q, |x| l1(x) <= t, t);
            let g2 = grid_search(&q, |x| l2(x) <= t, t);
            // Never worse than any grid point; within the grid's resolution of the best one.
            assert!(o1.loss <= g1 + 1e-12, "L1 {q:?}: {} vs grid {g1}", o1.loss);
            assert!(o2.loss <= g2 + 1e-12, "L2 {q:?}: {} vs grid {g2}", o2.loss);
            assert!(
                g1 - o1.loss < 0.05 * t,
                "L1 grid close: {g1} vs {}",
                o1.loss
            );
            assert!(
                g2 - o2.loss < 0.05 * t,
                "L2 grid close: {g2} vs {}",
                o2.loss
            );
        }
    }

    #[test]
    fn l1_lands_on_corners_far_more_often_than_l2() {
        let mut rng = Rng::new(7);
        let (mut sparse1, mut sparse2, mut outside) = (0, 0, 0);
        for _ in 0..400 {
            let q = random_loss(&mut rng);
            if l1(q.center) <= 1.0 {
                continue;
            }
            outside += 1;
            sparse1 += on_l1_ball(&q, 1.0).unwrap().sparse as u32;
            sparse2 += on_l2_ball(&q, 1.0).unwrap().sparse as u32;
        }
        assert!(outside > 300);
        assert!(sparse1 * 3 > outside, "L1 corners: {sparse1}/{outside}");
        assert_eq!(sparse2, 0, "the circle has no corners");
    }

    #[test]
    fn inside_centres_are_their_own_optimum_and_bad_input_is_refused() {
        let q = Quadratic {
            center: [0.2, -0.3],
            angle: 0.4,
            curvature: [1.0, 2.0],
        };
        assert_eq!(on_l1_ball(&q, 1.0).unwrap().x, q.center);
        assert_eq!(on_l2_ball(&q, 1.0).unwrap().x, q.center);
        assert!(on_l1_ball(&q, 0.0).is_none());
        assert!(on_l2_ball(&q, f64::NAN).is_none());
        let flat = Quadratic {
            curvature: [0.0, 1.0],
            ..q
        };
        assert!(on_l1_ball(&flat, 1.0).is_none());
    }
}
