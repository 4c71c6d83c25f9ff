//! Lipschitz constants and the cone picture (lecture slide 4).
//!
//! f is K-Lipschitz when |f(x₁) − f(x₂)| ≤ K |x₁ − x₂| for all pairs, i.e. the graph never enters
//! the double cone of slope K placed at any of its points. For a piecewise-differentiable f on an
//! interval the smallest such K is max |f′|, which is what [`lipschitz_constant`] computes
//! exactly, from where each test function's derivative peaks.
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

/// The smallest K for which `curve` is K-Lipschitz on [a, b], exactly: for a ≤ b the largest
/// |f′| on the interval (0 when a = b: a single point has no pairs). Each test function's
/// derivative peaks at known points (multiples of π for the sines, 0 for tanh), so the answer
/// is the largest of |f′| at those inside [a, b] and at the two ends. A sampled curve is
/// measured on the cells that overlap [a, b] by more than a point.
///
/// `None` for bounds that are not finite or with a > b, a curve parameter that is not finite, a
/// sampled curve with fewer than two values, a non-positive step or a non-finite value, or a
/// constant past `f64::MAX`.
pub fn lipschitz_constant(curve: &Curve, a: f64, b: f64) -> Option<f64> {
    if !(a.is_finite() && b.is_finite() && a <= b) {
        return None;
    }
    if let Curve::Samples { x0, dx, values } = curve {
        return samples_constant(*x0, *dx, values, a, b);
    }
    let param_ok = match curve {
        Curve::Sine { k } => k.is_finite(),
        Curve::Step { s } => s.is_finite(),
        _ => true,
    };
    if !param_ok {
        return None;
    }
    if a == b {
        return Some(0.0);
    }
    let ends = curve.slope(a).abs().max(curve.slope(b).abs());
    // Whether [lo, hi] contains an integer multiple of π, and whether an even one.
    let multiples_of_pi = |lo: f64, hi: f64| {
        let (first, last) = (
            (lo / std::f64::consts::PI).ceil(),
            (hi / std::f64::consts::PI).floor(),
        );
        let any = first <= last;
        // Beyond 2⁵³ every float is an even integer; below, two consecutive integers hold an even one.
        let even = any && (last - first >= 1.0 || first.rem_euclid(2.0) == 0.0);
        (any, even)
    };
    let k = match curve {
        // 0.6 cos x + 0.3: 0.9 at even multiples of π, −0.3 at odd ones.
        Curve::Smooth => match multiples_of_pi(a, b) {
            (_, true) => 0.9,
            (true, false) => ends.max(0.3),
            _ => ends,
        },
        // |x| has slope ±1 on every interval of positive length.
        Curve::Abs => 1.0,
        // k cos(kx): |k| wherever kx is a multiple of π.
        Curve::Sine { k } => {
            let (lo, hi) = if *k >= 0.0 {
                (k * a, k * b)
            } else {
                (k * b, k * a)
            };
            if multiples_of_pi(lo, hi).0 {
                k.abs()
            } else {
                ends
            }
        }
        // s (1 − tanh²(sx)): |s| at x = 0, falling away on both sides.
        Curve::Step { s } => {
            if a <= 0.0 && 0.0 <= b {
                s.abs()
            } else {
                ends
            }
        }
        Curve::Samples { .. } => unreachable!("handled above"),
    };
    k.is_finite().then_some(k)
}

/// The largest |slope| of the sampled curve's cells that overlap [a, b] by more than a point.
fn samples_constant(x0: f64, dx: f64, values: &[f64], a: f64, b: f64) -> Option<f64> {
    let n = values.len();
    if n < 2
        || !(dx > 0.0 && dx.is_finite() && x0.is_finite())
        || values.iter().any(|v| !v.is_finite())
    {
        return None;
    }
    if a == b {
        return Some(0.0);
    }
    // Cell i spans [x0 + i·dx, x0 + (i+1)·dx]; it overlaps (a, b) when ua − 1 < i < ub.
    let (ua, ub) = ((a - x0) / dx, (b - x0) / dx);
    let last = (n - 2) as f64;
    let (first, end) = (ua.floor().max(0.0), (ub.ceil() - 1.0).min(last));
    if first > end {
        // [a, b] lies beyond the samples, where the curve is held constant.
        return Some(0.0);
    }
    let k = values[first as usize..=end as usize + 1]
        .windows(2)
        .map(|w| ((w[1] - w[0]) / dx).abs())
        .fold(0.0, f64::max);
    k.is_finite().then_some(k)
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
            let l = lipschitz_constant(&c, a, b).unwrap();
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
        assert!((lipschitz_constant(&Curve::Abs, -3.0, 3.0).unwrap() - 1.0).abs() < 1e-12);
        assert!(
            (lipschitz_constant(&Curve::Sine { k: 2.0 }, -3.0, 3.0).unwrap() - 2.0).abs() < 1e-9
        );
        assert!(
            (lipschitz_constant(&Curve::Step { s: 8.0 }, -3.0, 3.0).unwrap() - 8.0).abs() < 1e-9
        );
        assert!((lipschitz_constant(&Curve::Smooth, -3.0, 3.0).unwrap() - 0.9).abs() < 1e-9);
    }

    #[test]
    fn the_cone_is_entered_exactly_when_the_pair_breaks_the_bound() {
        for c in curves() {
            let l = lipschitz_constant(&c, -3.0, 3.0).unwrap();
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
        assert_eq!(lipschitz_constant(&c, 0.0, 2.0), Some(2.0));
        // The interval is honoured: the cell [1, 2] alone has slope 1.
        assert_eq!(lipschitz_constant(&c, 1.0, 2.0), Some(1.0));
        assert_eq!(lipschitz_constant(&c, 1.0, 0.0), None);
        let one = Curve::Samples {
            x0: 0.0,
            dx: 1.0,
            values: vec![1.0],
        };
        assert!(one.value(0.0).is_nan());
    }
}
