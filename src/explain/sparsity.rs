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

    /// q(x).
    pub fn value(&self, x: [f64; 2]) -> f64 {
        let [a, b, d] = self.matrix();
        let (u, v) = (x[0] - self.center[0], x[1] - self.center[1]);
        a * u * u + 2.0 * b * u * v + d * v * v
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

/// The constrained optimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Optimum {
    pub x: [f64; 2],
    /// The loss there.
    pub loss: f64,
    /// Whether a coordinate is exactly zero (a feature was dropped).
    pub sparse: bool,
}

fn optimum(q: &Quadratic, x: [f64; 2]) -> Optimum {
    Optimum {
        x,
        loss: q.value(x),
        sparse: x[0] == 0.0 || x[1] == 0.0,
    }
}

/// The exact minimiser of q on the L1 ball ‖x‖₁ ≤ t. `None` for an invalid loss or radius.
pub fn on_l1_ball(q: &Quadratic, t: f64) -> Option<Optimum> {
    if !(q.valid() && t > 0.0 && t.is_finite()) {
        return None;
    }
    if super::norms::l1(q.center) <= t {
        return Some(optimum(q, q.center));
    }
    // The loss is convex and the centre lies outside, so the optimum is on the boundary: the
    // best point of the four edges between the corners (t,0), (0,t), (−t,0), (0,−t).
    let corners = [[t, 0.0], [0.0, t], [-t, 0.0], [0.0, -t]];
    let [a, b, d] = q.matrix();
    let quad = |u: [f64; 2], w: [f64; 2]| {
        a * u[0] * w[0] + b * (u[0] * w[1] + u[1] * w[0]) + d * u[1] * w[1]
    };
    (0..4)
        .map(|e| {
            let (p0, p1) = (corners[e], corners[(e + 1) % 4]);
            let dir = [p1[0] - p0[0], p1[1] - p0[1]];
            let r = [p0[0] - q.center[0], p0[1] - q.center[1]];
            // q(p0 + s·dir) = q(p0) + 2s·dirᵀAr + s²·dirᵀA dir, minimised at s*, clamped to [0, 1].
            let s = (-quad(dir, r) / quad(dir, dir)).clamp(0.0, 1.0);
            // The ends are returned exactly, so a corner has an exact zero coordinate.
            let x = if s == 0.0 {
                p0
            } else if s == 1.0 {
                p1
            } else {
                [p0[0] + s * dir[0], p0[1] + s * dir[1]]
            };
            optimum(q, x)
        })
        .min_by(|u, v| u.loss.total_cmp(&v.loss))
}

/// The exact minimiser of q on the L2 ball ‖x‖₂ ≤ t. `None` for an invalid loss or radius.
pub fn on_l2_ball(q: &Quadratic, t: f64) -> Option<Optimum> {
    if !(q.valid() && t > 0.0 && t.is_finite()) {
        return None;
    }
    if super::norms::l2(q.center) <= t {
        return Some(optimum(q, q.center));
    }
    let [a, b, d] = q.matrix();
    let ac = [
        a * q.center[0] + b * q.center[1],
        b * q.center[0] + d * q.center[1],
    ];
    // x(μ) = (A + μI)⁻¹ A c; its norm falls monotonically from ‖c‖ > t towards 0 as μ grows.
    let x_of = |mu: f64| {
        let (p, r) = (a + mu, d + mu);
        let det = p * r - b * b;
        [(r * ac[0] - b * ac[1]) / det, (p * ac[1] - b * ac[0]) / det]
    };
    let mut hi = 1.0;
    while super::norms::l2(x_of(hi)) > t {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if super::norms::l2(x_of(mid)) > t {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(optimum(q, x_of(hi)))
}

#[cfg(test)]
mod tests {
    use super::super::norms::{l1, l2};
    use super::*;
    use crate::engine::rng::Rng;

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
