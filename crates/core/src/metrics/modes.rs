//! Mode coverage and sample quality, as in the mode-collapse literature (e.g. Unrolled GANs):
//! a sample is *high quality* if it lies within 3σ of its nearest mode centre, and a mode is
//! *covered* if it is the nearest mode of at least one high-quality sample.

use crate::data::Modes;

/// How many standard deviations from a centre still count as "on the mode".
pub const QUALITY_SIGMAS: f32 = 3.0;

/// Coverage of one set of samples.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModeReport {
    /// High-quality samples per mode, in the order of the mode centres.
    pub per_mode: Vec<usize>,
    /// Modes with at least one high-quality sample.
    pub covered: usize,
    /// Share of all samples that are high quality, in [0, 1].
    pub high_quality: f64,
    /// KL(histogram of high-quality samples over modes ‖ uniform), in nats; 0 is perfect balance,
    /// ln(modes) is total collapse onto one mode. `None` when no sample is high quality.
    pub kl_to_uniform: Option<f64>,
}

/// Scores `points` (flat [x, y, …]) against `modes`.
pub fn mode_report(points: &[f32], modes: &Modes) -> ModeReport {
    let k = modes.centres.len();
    let mut per_mode = vec![0usize; k];
    let limit = QUALITY_SIGMAS * modes.sigma;
    let n = points.len() / 2;
    for p in points.chunks_exact(2) {
        // The nearest centre at a finite distance: a NaN or ∞ point, or one so far that its
        // squared distance leaves f32, is on no mode (and with no centres nothing is).
        let nearest = modes
            .centres
            .iter()
            .enumerate()
            .map(|(i, c)| (i, (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)))
            .filter(|(_, d2)| d2.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((best, dist2)) = nearest
            && dist2.sqrt() <= limit
        {
            per_mode[best] += 1;
        }
    }
    let hq: usize = per_mode.iter().sum();
    let kl_to_uniform = (hq > 0).then(|| {
        per_mode
            .iter()
            .filter(|&&c| c > 0)
            .map(|&c| {
                let p = c as f64 / hq as f64;
                p * (p * k as f64).ln()
            })
            .sum()
    });
    ModeReport {
        covered: per_mode.iter().filter(|&&c| c > 0).count(),
        high_quality: if n == 0 { 0.0 } else { hq as f64 / n as f64 },
        per_mode,
        kl_to_uniform,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ToyData;
    use crate::rng::Rng;

    #[test]
    fn real_samples_cover_every_mode_with_high_quality() {
        for data in [ToyData::EightGaussians, ToyData::TwentyFiveGaussians] {
            let modes = data.modes().unwrap();
            let pts = data.sample(5000, &mut Rng::new(4));
            let r = mode_report(&pts, &modes);
            assert_eq!(r.covered, modes.centres.len());
            // 3σ in 2D holds 1 − e^{−4.5} ≈ 98.9 % of a Gaussian.
            assert!(r.high_quality > 0.98, "{}", r.high_quality);
            assert!(r.kl_to_uniform.unwrap() < 0.02);
        }
    }

    #[test]
    fn collapse_onto_one_mode_is_seen_and_kl_is_log_k() {
        let modes = ToyData::EightGaussians.modes().unwrap();
        let c = modes.centres[3];
        let pts: Vec<f32> = (0..100)
            .flat_map(|_| [c[0], c[1]])
            .chain([5.0, 5.0])
            .collect();
        let r = mode_report(&pts, &modes);
        assert_eq!(r.covered, 1);
        assert_eq!(r.per_mode[3], 100);
        assert!((r.high_quality - 100.0 / 101.0).abs() < 1e-12);
        assert!((r.kl_to_uniform.unwrap() - (8f64).ln()).abs() < 1e-12);
        let none = mode_report(&[9.0, 9.0], &modes);
        assert_eq!((none.covered, none.kl_to_uniform), (0, None));
    }

    #[test]
    fn the_three_sigma_boundary_is_inclusive_of_inside_only() {
        let modes = Modes {
            centres: vec![[0.0, 0.0]],
            sigma: 1.0,
        };
        assert_eq!(mode_report(&[2.99, 0.0], &modes).covered, 1);
        assert_eq!(mode_report(&[3.01, 0.0], &modes).covered, 0);
    }
}
