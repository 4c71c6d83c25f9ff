//! Why a BCE generator stops learning when the discriminator wins (lecture slide 2).
//!
//! Let ℓ be the discriminator's logit on a fake sample, so D = σ(ℓ). The generator's loss and
//! the magnitude of its derivative with respect to ℓ (what reaches the generator, up to the
//! network's own Jacobian) are:
//! - saturating, minimise ln(1 − D): |∂/∂ℓ| = D, which vanishes as D → 0, exactly when the
//!   discriminator confidently rejects the fake;
//! - non-saturating, minimise −ln D: |∂/∂ℓ| = 1 − D, largest when D → 0;
//! - Wasserstein, minimise −D(x) with the raw critic value: |∂/∂D| = 1 whatever the value.

/// The logistic function, written to stay finite for large |ℓ|.
pub fn sigmoid(l: f64) -> f64 {
    if l >= 0.0 {
        1.0 / (1.0 + (-l).exp())
    } else {
        let e = l.exp();
        e / (1.0 + e)
    }
}

/// The inverse of [`sigmoid`] on (0, 1).
pub fn logit(d: f64) -> f64 {
    (d / (1.0 - d)).ln()
}

/// The generator losses as functions of the logit (for the finite-difference check).
pub fn saturating_loss(l: f64) -> f64 {
    // ln(1 − σ(ℓ)) = −softplus(ℓ), computed stably.
    -(l.max(0.0) + (-l.abs()).exp().ln_1p())
}

/// −ln σ(ℓ) = softplus(−ℓ).
pub fn non_saturating_loss(l: f64) -> f64 {
    (-l).max(0.0) + (-l.abs()).exp().ln_1p()
}

/// The gradient magnitudes at one logit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeneratorGradients {
    /// D(G(z)) = σ(ℓ).
    pub d: f64,
    pub saturating: f64,
    pub non_saturating: f64,
    pub wasserstein: f64,
}

/// The three gradient magnitudes at logit `l`.
pub fn gradients(l: f64) -> GeneratorGradients {
    let d = sigmoid(l);
    GeneratorGradients {
        d,
        saturating: d,
        non_saturating: 1.0 - d,
        wasserstein: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_finite_differences_of_the_losses() {
        let h = 1e-6;
        for l in [-12.0, -5.0, -1.0, -0.1, 0.0, 0.3, 2.0, 7.0] {
            let g = gradients(l);
            let fd = |f: fn(f64) -> f64| ((f(l + h) - f(l - h)) / (2.0 * h)).abs();
            assert!(
                (g.saturating - fd(saturating_loss)).abs() < 1e-7,
                "saturating at {l}"
            );
            assert!(
                (g.non_saturating - fd(non_saturating_loss)).abs() < 1e-7,
                "non-sat at {l}"
            );
            // The Wasserstein generator loss is −D: slope 1 in D itself.
            let w = |v: f64| -v;
            assert!((g.wasserstein - ((w(l + h) - w(l - h)) / (2.0 * h)).abs()).abs() < 1e-9);
            assert!((logit(g.d) - l).abs() < 1e-6 * (1.0 + l.abs()) || g.d == 0.0);
        }
    }

    #[test]
    fn the_saturating_gradient_vanishes_when_the_fake_is_rejected() {
        let confident = gradients(-10.0);
        assert!(confident.saturating < 1e-4);
        assert!(confident.non_saturating > 0.9999);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) <= 1.0);
        assert!(saturating_loss(-800.0).is_finite() && non_saturating_loss(800.0).is_finite());
    }
}
