//! The WGAN paper's Example 1: P₀ uniform on {0}×[0,1] and P_θ uniform on {θ}×[0,1].
//!
//! W(P₀, P_θ) = |θ| is continuous with slope 1, while JS = ln 2 and KL = ∞ for every θ ≠ 0 (and
//! both 0 at θ = 0): the divergences are flat, so they give a generator no gradient towards θ = 0.
//! The panel does not print those closed forms from memory: it discretises both lines into
//! equally weighted atoms and computes W1 by exact matching and KL/JS on the merged support.

use super::transport1d;
use earthmover_core::metrics::emd::solve_assignment;

/// The three distances between the discretised lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Distances {
    pub w1: f64,
    pub js: f64,
    pub kl: f64,
}

/// The most atoms per line [`distances`] accepts: the exact matching is O(n³).
pub const MAX_ATOMS: usize = 512;

/// `n` atoms on the vertical segment {x}×[0,1], at the midpoints of n equal cells.
fn line(x: f64, n: usize) -> Vec<[f64; 2]> {
    (0..n).map(|k| [x, (k as f64 + 0.5) / n as f64]).collect()
}

/// KL(a ‖ b) and JS between two equally weighted atom sets, on the union of their supports.
/// `None` when a set is empty or a coordinate is not finite.
pub fn atom_divergences(a: &[[f64; 2]], b: &[[f64; 2]]) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() || a.iter().chain(b).flatten().any(|v| !v.is_finite()) {
        return None;
    }
    let mut support: Vec<[f64; 2]> = a.iter().chain(b).copied().collect();
    support.sort_by(|p, q| p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])));
    support.dedup();
    let weights = |set: &[[f64; 2]]| -> Vec<f64> {
        support
            .iter()
            .map(|s| set.iter().filter(|p| *p == s).count() as f64)
            .collect()
    };
    let (p, q) = (weights(a), weights(b));
    Some((transport1d::kl(&p, &q).ok()?, transport1d::js(&p, &q).ok()?))
}

/// W1, JS and KL(P₀ ‖ P_θ) between the two lines, each discretised into `n` atoms. Computed in
/// f64 throughout, so any finite θ works. `None` for a θ that is not finite, or `n` outside
/// 1..=[`MAX_ATOMS`].
pub fn distances(theta: f64, n: usize) -> Option<Distances> {
    if !theta.is_finite() || n == 0 || n > MAX_ATOMS {
        return None;
    }
    let (a, b) = (line(0.0, n), line(theta, n));
    let cost: Vec<f64> = a
        .iter()
        .flat_map(|p| b.iter().map(move |q| (p[0] - q[0]).hypot(p[1] - q[1])))
        .collect();
    let pairs = solve_assignment(&cost, n).ok()?;
    // The mean of the matched distances, each divided by n first so a θ near f64::MAX stays
    // finite; a mean is never above its largest term, which caps the sum's rounding there.
    let matched = || pairs.iter().enumerate().map(|(i, &j)| cost[i * n + j]);
    let w1 = matched()
        .map(|c| c / n as f64)
        .sum::<f64>()
        .min(matched().fold(0.0, f64::max));
    let (kl, js) = atom_divergences(&a, &b)?;
    Some(Distances { w1, js, kl })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasserstein_is_the_gap_and_the_divergences_are_flat() {
        for theta in [-1.0, -0.3, -1e-3, 0.25, 0.5, 1.0] {
            let d = distances(theta, 12).unwrap();
            assert!(
                (d.w1 - f64::abs(theta)).abs() < 1e-6,
                "W = |θ| at {theta}: {}",
                d.w1
            );
            assert!(
                (d.js - std::f64::consts::LN_2).abs() < 1e-12,
                "JS = ln 2 at {theta}"
            );
            assert!(d.kl.is_infinite(), "KL = ∞ at {theta}");
        }
        let d = distances(0.0, 12).unwrap();
        assert_eq!((d.w1, d.js, d.kl), (0.0, 0.0, 0.0));
    }

    #[test]
    fn partly_overlapping_atoms_give_finite_divergences() {
        // Two of four atoms shared: JS and KL are finite and strictly between the extremes.
        let a = [[0.0, 0.0], [0.0, 1.0], [0.0, 2.0], [0.0, 3.0]];
        let b = [[0.0, 0.0], [0.0, 1.0], [0.0, 2.0], [5.0, 3.0]];
        let (kl, js) = atom_divergences(&b, &a).unwrap();
        assert!(kl.is_infinite(), "b has an atom a lacks");
        let (kl2, js2) = atom_divergences(&a, &a).unwrap();
        assert_eq!((kl2, js2), (0.0, 0.0));
        assert!(js > 0.0 && js < std::f64::consts::LN_2);
        // Direct sum: M puts 1/4 on three shared atoms and 1/8 on the two others.
        let want = 0.5 * (0.25 * (0.25f64 / 0.125).ln()) * 2.0;
        assert!((js - want).abs() < 1e-12, "{js} vs {want}");
    }
}
