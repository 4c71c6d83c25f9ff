//! Toy 2D datasets, sampled on the host with the engine's seeded generator.
//!
//! The formulas for 8 Gaussians, 25 Gaussians and the Swiss roll are the WGAN-GP reference toy
//! script's, constant for constant, so the app's runs can be compared with the paper's figures.
//! Every dataset with modes knows its mode centres and their σ (after scaling), which is what the
//! mode-coverage and sample-quality metrics measure against.

mod toy;
mod user;

pub use toy::ToyData;
pub use user::{DEFAULT_JITTER, MAX_ABS_COORD, MAX_USER_POINTS, UserPoints, UserPointsError};

use super::rng::Rng;

/// A source of real 2D samples.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    /// A built-in distribution.
    Toy(ToyData),
    /// Points the student drew or pasted.
    User(UserPoints),
}

/// Where a dataset has modes: their centres and the standard deviation of each.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Modes {
    /// Mode centres, in the dataset's (scaled) coordinates.
    pub centres: Vec<[f32; 2]>,
    /// The per-coordinate standard deviation of each mode.
    pub sigma: f32,
}

impl Dataset {
    /// `n` samples as a flat [x0, y0, x1, y1, …] vector.
    pub fn sample(&self, n: usize, rng: &mut Rng) -> Vec<f32> {
        match self {
            Dataset::Toy(t) => t.sample(n, rng),
            Dataset::User(u) => u.sample(n, rng),
        }
    }

    /// The dataset's modes, if it has any (the Swiss roll and the line do not).
    pub fn modes(&self) -> Option<Modes> {
        match self {
            Dataset::Toy(t) => t.modes(),
            Dataset::User(u) => Some(u.modes()),
        }
    }
}
