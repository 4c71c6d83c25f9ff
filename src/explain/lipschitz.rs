//! Lipschitz constants and the cone picture (lecture slide 4).
//!
//! f is K-Lipschitz when |f(x₁) − f(x₂)| ≤ K |x₁ − x₂| for all pairs, i.e. the graph never enters
//! the double cone of slope K placed at any of its points. For a piecewise-differentiable f on an
//! interval the smallest such K is max |f′|, which is what [`lipschitz_constant`] computes: the
//! analytic derivative on a dense grid, refined by golden-section search around the best cell.
//! For a sampled function (a slice of the live critic) the answer is exact for its piecewise-
//! linear interpolant: the largest slope between neighbouring samples.

/// A test function on the panel.
#[derive(Clone, Debug, PartialEq)]
pub enum Curve {
    /// 0.6 sin x + 0.3 x: smooth, slope at most 0.9.
    Smooth,
    /// |x|: a kink, slope exactly 1.
    Abs,
    /// sin(k x): slope up to k.
    Sine { k: f64 },
    /// tanh(s x): a steep step of height 2, slope s at 0.
    Step { s: f64 },
    /// Values at x₀, x₀ + dx, …, joined by straight lines (a slice of the Lab's critic).
    Samples { x0: f64, dx: f64, values: Vec<f64> },
}

impl Curve {
    /// The function's value.
    pub fn value(&self, x: f64) -> f64 {
        match self {
            Curve::Smooth => 0.6 * x.sin() + 0.3 * x,
            Curve::Abs => x.abs(),
            Curve::Sine { k } => (k * x).sin(),
            Curve::Step { s } => (s * x).tanh(),
            Curve::Samples { x0, dx, values } => {
                let Some((i, t)) = cell(*x0, *dx, values.len(), x) else {
                    return f64::NAN;
                };
                values[i] + t * (values[i + 1] - values[i])
            }
        }
    }

    /// The derivative (one-sided at kinks and sample joints).
    pub fn slope(&self, x: f64) -> f64 {
        match self {
            Curve::Smooth => 0.6 * x.cos() + 0.3,
            Curve::Abs => {
                if x < 0.0 {
                    -1.0
                } else {
                    1.0
                }
            }
            Curve::Sine { k } => k * (k * x).cos(),
            Curve::Step { s } => s * (1.0 - (s * x).tanh().powi(2)),
            Curve::Samples { x0, dx, values } => match cell(*x0, *dx, values.len(), x) {
                Some((i, _)) => (values[i + 1] - values[i]) / dx,
                None => f64::NAN,
            },
        }
    }
}

/// The sample cell holding x and the position inside it, for a sampled curve.
fn cell(x0: f64, dx: f64, n: usize, x: f64) -> Option<(usize, f64)> {
    if n < 2 || dx <= 0.0 || !x.is_finite() {
        return None;
    }
    let u = ((x - x0) / dx).clamp(0.0, (n - 1) as f64);
    let i = (u.floor() as usize).min(n - 2);
    Some((i, u - i as f64))
}

/// The smallest K for which `curve` is K-Lipschitz on [a, b].
pub fn lipschitz_constant(curve: &Curve, a: f64, b: f64) -> f64 {
    if let Curve::Samples { values, dx, .. } = curve {
        return values
            .windows(2)
            .map(|w| ((w[1] - w[0]) / dx).abs())
            .fold(0.0, f64::max);
    }
    let n = 4000;
    let h = (b - a) / n as f64;
    let g = |x: f64| curve.slope(x).abs();
    let (best_i, _) =
        (0..=n)
            .map(|i| (i, g(a + i as f64 * h)))
            .fold(
                (0, f64::NEG_INFINITY),
                |acc, v| if v.1 > acc.1 { v } else { acc },
            );
    // Golden-section search for the peak of |f′| in the two cells around the best grid point.
    let (mut lo, mut hi) = (
        (a + (best_i as f64 - 1.0) * h).max(a),
        (a + (best_i as f64 + 1.0) * h).min(b),
    );
    let r = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..100 {
        let (m1, m2) = (hi - r * (hi - lo), lo + r * (hi - lo));
        if g(m1) < g(m2) {
            lo = m1;
        } else {
            hi = m2;
        }
    }
    g(a + best_i as f64 * h).max(g(0.5 * (lo + hi)))
}

/// Whether (x, f(x)) lies strictly inside the double cone of slope K at (x0, f(x0)), i.e. breaks
/// the K-Lipschitz condition for the pair (x0, x).
pub fn inside_cone(curve: &Curve, x0: f64, k: f64, x: f64) -> bool {
    let rise = (curve.value(x) - curve.value(x0)).abs();
    rise > k * (x - x0).abs() + 1e-12
}

/// The difference quotient |f(x₁) − f(x₂)| / |x₁ − x₂| (|f′| on the diagonal), for the pairs view.
pub fn pair_ratio(curve: &Curve, x1: f64, x2: f64) -> f64 {
    if x1 == x2 {
        curve.slope(x1).abs()
    } else {
        ((curve.value(x1) - curve.value(x2)) / (x1 - x2)).abs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curves() -> Vec<Curve> {
        vec![
            Curve::Smooth,
            Curve::Abs,
            Curve::Sine { k: 0.7 },
            Curve::Sine { k: 3.3 },
            Curve::Step { s: 6.0 },
            Curve::Samples {
                x0: -3.0,
                dx: 0.5,
                values: vec![
                    0.0, 0.2, -0.1, 1.4, 1.5, 0.9, 0.9, 2.0, 1.0, 0.0, -1.0, 0.5, 0.3,
                ],
            },
        ]
    }

    #[test]
    fn the_constant_equals_the_largest_difference_quotient_by_dense_sampling() {
        let (a, b) = (-3.0, 3.0);
        for c in curves() {
            let l = lipschitz_constant(&c, a, b);
            // Brute force: all pairs of a dense grid; adjacent pairs approach sup |f′| from below.
            let n = 3000;
            let xs: Vec<f64> = (0..=n).map(|i| a + (b - a) * i as f64 / n as f64).collect();
            let fs: Vec<f64> = xs.iter().map(|&x| c.value(x)).collect();
            let mut best = 0.0f64;
            for i in 0..=n {
                for j in (i + 1)..=n.min(i + 40) {
                    best = best.max((fs[j] - fs[i]).abs() / (xs[j] - xs[i]));
                }
            }
            assert!(
                best <= l + 1e-9,
                "{c:?}: a pair beats the constant: {best} > {l}"
            );
            assert!(
                best >= l - 1e-3 * l.max(1.0),
                "{c:?}: constant too big: {l} vs {best}"
            );
        }
    }

    #[test]
    fn known_constants_come_out() {
        assert!((lipschitz_constant(&Curve::Abs, -3.0, 3.0) - 1.0).abs() < 1e-12);
        assert!((lipschitz_constant(&Curve::Sine { k: 2.0 }, -3.0, 3.0) - 2.0).abs() < 1e-9);
        assert!((lipschitz_constant(&Curve::Step { s: 8.0 }, -3.0, 3.0) - 8.0).abs() < 1e-9);
        assert!((lipschitz_constant(&Curve::Smooth, -3.0, 3.0) - 0.9).abs() < 1e-9);
    }

    #[test]
    fn the_cone_is_entered_exactly_when_the_pair_breaks_the_bound() {
        for c in curves() {
            let l = lipschitz_constant(&c, -3.0, 3.0);
            for i in 0..=60 {
                let x0 = -3.0 + 0.1 * i as f64;
                for j in 0..=60 {
                    let x = -3.0 + 0.1 * j as f64;
                    // At K = L (+ rounding) no point is inside any cone.
                    assert!(!inside_cone(&c, x0, l + 1e-9, x), "{c:?} at {x0},{x}");
                    let broken = pair_ratio(&c, x0, x) > 0.5 * l + 1e-12 && x != x0;
                    assert_eq!(inside_cone(&c, x0, 0.5 * l, x), broken, "{c:?} at {x0},{x}");
                }
            }
        }
        // A slope-2 sine enters a slope-1 cone somewhere.
        let s = Curve::Sine { k: 2.0 };
        assert!((0..100).any(|i| inside_cone(&s, 0.0, 1.0, -1.0 + 0.02 * i as f64)));
    }

    #[test]
    fn sampled_curves_interpolate_and_refuse_nonsense() {
        let c = Curve::Samples {
            x0: 0.0,
            dx: 1.0,
            values: vec![0.0, 2.0, 1.0],
        };
        assert_eq!(c.value(0.5), 1.0);
        assert_eq!(c.value(1.5), 1.5);
        assert_eq!(c.value(9.0), 1.0, "clamped to the last sample");
        assert_eq!(lipschitz_constant(&c, 0.0, 2.0), 2.0);
        let one = Curve::Samples {
            x0: 0.0,
            dx: 1.0,
            values: vec![1.0],
        };
        assert!(one.value(0.0).is_nan());
    }
}
