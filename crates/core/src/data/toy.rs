//! The built-in distributions.

use serde::{Deserialize, Serialize};
use std::f64::consts::{FRAC_1_SQRT_2, PI};

use super::Modes;
use crate::rng::Rng;

/// A built-in 2D distribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToyData {
    /// Eight Gaussians on the unit circle (reference: σ 0.02, then ÷1.414).
    EightGaussians,
    /// A 5×5 grid of Gaussians (reference: centres 2i, 2j; σ 0.05, then ÷2.828).
    TwentyFiveGaussians,
    /// The reference Swiss roll: t = 1.5π(1 + 2U), (t cos t, t sin t) + 0.25·N, ÷7.5.
    SwissRoll,
    /// `modes` Gaussians equally spaced on a circle of radius 1, σ 0.02.
    Ring {
        /// Number of modes (1..=64).
        modes: usize,
    },
    /// Uniform on the segment from (−1, −1) to (1, 1) with 0.02 noise across it.
    Line,
    /// `count` well-separated Gaussian blobs (2 or 3), σ 0.1: a multi-modal target with
    /// disjoint supports, where JS divergence saturates.
    Blobs {
        /// Number of blobs (2 or 3).
        count: usize,
    },
}

const EIGHT_SCALE: f64 = 1.414;
const TWENTY_FIVE_SCALE: f64 = 2.828;
const RING_SIGMA: f64 = 0.02;
const BLOB_SIGMA: f64 = 0.1;

impl ToyData {
    /// The name used on the command line and in URLs.
    pub fn name(&self) -> String {
        match self {
            ToyData::EightGaussians => "8gaussians".into(),
            ToyData::TwentyFiveGaussians => "25gaussians".into(),
            ToyData::SwissRoll => "swissroll".into(),
            ToyData::Ring { modes } => format!("ring{modes}"),
            ToyData::Line => "line".into(),
            ToyData::Blobs { count } => format!("blobs{count}"),
        }
    }

    /// Parses [`ToyData::name`]; `ring` alone means 8 modes and `blobs` alone 3 blobs.
    pub fn parse(s: &str) -> Result<Self, String> {
        let number = |rest: &str, default: usize| -> Result<usize, String> {
            if rest.is_empty() {
                Ok(default)
            } else {
                rest.parse()
                    .map_err(|_| format!("'{s}': '{rest}' is not a count"))
            }
        };
        let d = match s {
            "8gaussians" => ToyData::EightGaussians,
            "25gaussians" => ToyData::TwentyFiveGaussians,
            "swissroll" => ToyData::SwissRoll,
            "line" => ToyData::Line,
            _ if s.starts_with("ring") => ToyData::Ring {
                modes: number(&s[4..], 8)?,
            },
            _ if s.starts_with("blobs") => ToyData::Blobs {
                count: number(&s[5..], 3)?,
            },
            _ => {
                return Err(format!(
                    "unknown dataset '{s}' (expected 8gaussians, 25gaussians, swissroll, ringN, line, blobs2 or blobs3)"
                ));
            }
        };
        d.validate()?;
        Ok(d)
    }

    /// Rejects parameter values that make no dataset.
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            ToyData::Ring { modes } if !(1..=64).contains(&modes) => {
                Err(format!("a ring needs 1 to 64 modes, not {modes}"))
            }
            ToyData::Blobs { count } if !(2..=3).contains(&count) => {
                Err(format!("blobs come in 2 or 3, not {count}"))
            }
            _ => Ok(()),
        }
    }

    fn centres_unscaled(&self) -> Vec<[f64; 2]> {
        match *self {
            ToyData::EightGaussians => {
                let d = FRAC_1_SQRT_2;
                vec![
                    [1.0, 0.0],
                    [-1.0, 0.0],
                    [0.0, 1.0],
                    [0.0, -1.0],
                    [d, d],
                    [d, -d],
                    [-d, d],
                    [-d, -d],
                ]
                .into_iter()
                .map(|[x, y]| [2.0 * x, 2.0 * y])
                .collect()
            }
            ToyData::TwentyFiveGaussians => (-2..=2)
                .flat_map(|i| (-2..=2).map(move |j| [2.0 * i as f64, 2.0 * j as f64]))
                .collect(),
            ToyData::Ring { modes } => (0..modes)
                .map(|k| {
                    let t = 2.0 * PI * k as f64 / modes as f64;
                    [t.cos(), t.sin()]
                })
                .collect(),
            ToyData::Blobs { count } => {
                let all = [[-1.0, -0.6], [1.0, -0.6], [0.0, 1.0]];
                if count == 2 {
                    vec![[-1.0, 0.0], [1.0, 0.0]]
                } else {
                    all.to_vec()
                }
            }
            ToyData::SwissRoll | ToyData::Line => vec![],
        }
    }

    /// (noise σ before scaling, divisor applied to the whole point).
    fn noise_and_scale(&self) -> (f64, f64) {
        match self {
            ToyData::EightGaussians => (0.02, EIGHT_SCALE),
            ToyData::TwentyFiveGaussians => (0.05, TWENTY_FIVE_SCALE),
            ToyData::Ring { .. } => (RING_SIGMA, 1.0),
            ToyData::Blobs { .. } => (BLOB_SIGMA, 1.0),
            ToyData::SwissRoll => (0.25, 7.5),
            ToyData::Line => (0.02, 1.0),
        }
    }

    /// `n` samples, flat [x, y, …].
    pub fn sample(&self, n: usize, rng: &mut Rng) -> Vec<f32> {
        let (sigma, scale) = self.noise_and_scale();
        let centres = self.centres_unscaled();
        let mut out = Vec::with_capacity(2 * n);
        for _ in 0..n {
            let [x, y] = match self {
                ToyData::SwissRoll => {
                    let t = 1.5 * PI * (1.0 + 2.0 * rng.uniform());
                    [
                        t * t.cos() + sigma * rng.normal(),
                        t * t.sin() + sigma * rng.normal(),
                    ]
                }
                ToyData::Line => {
                    let t = rng.uniform_in(-1.0, 1.0);
                    let across = sigma * rng.normal();
                    [t + across * FRAC_1_SQRT_2, t - across * FRAC_1_SQRT_2]
                }
                _ => {
                    let c = centres[rng.below(centres.len())];
                    [c[0] + sigma * rng.normal(), c[1] + sigma * rng.normal()]
                }
            };
            out.push((x / scale) as f32);
            out.push((y / scale) as f32);
        }
        out
    }

    /// Mode centres and σ after scaling, where the distribution has modes.
    pub fn modes(&self) -> Option<Modes> {
        let centres = self.centres_unscaled();
        if centres.is_empty() {
            return None;
        }
        let (sigma, scale) = self.noise_and_scale();
        Some(Modes {
            centres: centres
                .iter()
                .map(|c| [(c[0] / scale) as f32, (c[1] / scale) as f32])
                .collect(),
            sigma: (sigma / scale) as f32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_and_spread(points: &[f32]) -> ([f64; 2], f64) {
        let n = points.len() / 2;
        let mx = points.iter().step_by(2).map(|&v| v as f64).sum::<f64>() / n as f64;
        let my = points
            .iter()
            .skip(1)
            .step_by(2)
            .map(|&v| v as f64)
            .sum::<f64>()
            / n as f64;
        let r = points
            .chunks(2)
            .map(|p| ((p[0] as f64).powi(2) + (p[1] as f64).powi(2)).sqrt())
            .fold(0.0, f64::max);
        ([mx, my], r)
    }

    #[test]
    fn eight_gaussians_match_the_reference_formula() {
        let m = ToyData::EightGaussians.modes().unwrap();
        assert_eq!(m.centres.len(), 8);
        // Centres are the reference's scale-2 circle divided by 1.414: radius 2/1.414.
        for c in &m.centres {
            let r = ((c[0] as f64).powi(2) + (c[1] as f64).powi(2)).sqrt();
            assert!((r - 2.0 / 1.414).abs() < 1e-6, "radius {r}");
        }
        assert!((m.sigma as f64 - 0.02 / 1.414).abs() < 1e-9);
        let mut rng = Rng::new(5);
        let pts = ToyData::EightGaussians.sample(4000, &mut rng);
        let (mean, _) = mean_and_spread(&pts);
        assert!(mean[0].abs() < 0.05 && mean[1].abs() < 0.05, "{mean:?}");
        // Every sample lies within 6σ of some centre.
        for p in pts.chunks(2) {
            let d = m
                .centres
                .iter()
                .map(|c| ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt())
                .fold(f32::MAX, f32::min);
            assert!(
                d < 6.0 * m.sigma * 1.5,
                "sample {p:?} is {d} from every centre"
            );
        }
    }

    #[test]
    fn twenty_five_gaussians_grid_and_swiss_roll_extent() {
        let m = ToyData::TwentyFiveGaussians.modes().unwrap();
        assert_eq!(m.centres.len(), 25);
        let max = m.centres.iter().map(|c| c[0]).fold(f32::MIN, f32::max);
        assert!((max as f64 - 4.0 / 2.828).abs() < 1e-6);
        let mut rng = Rng::new(2);
        let roll = ToyData::SwissRoll.sample(2000, &mut rng);
        let (_, r) = mean_and_spread(&roll);
        // t ≤ 4.5π, so the radius is at most 4.5π/7.5 ≈ 1.885 plus noise.
        assert!(r < 1.885 + 0.25 * 5.0 / 7.5 && r > 1.5, "radius {r}");
        assert!(ToyData::SwissRoll.modes().is_none());
    }

    #[test]
    fn names_round_trip_and_bad_names_are_errors() {
        for d in [
            ToyData::EightGaussians,
            ToyData::TwentyFiveGaussians,
            ToyData::SwissRoll,
            ToyData::Ring { modes: 5 },
            ToyData::Line,
            ToyData::Blobs { count: 2 },
            ToyData::Blobs { count: 3 },
        ] {
            assert_eq!(ToyData::parse(&d.name()).unwrap(), d);
        }
        assert!(ToyData::parse("ring0").is_err());
        assert!(ToyData::parse("ringx").is_err());
        assert!(ToyData::parse("blobs7").is_err());
        assert!(ToyData::parse("moons").is_err());
    }
}
