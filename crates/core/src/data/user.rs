//! A dataset the student drew or pasted: the points themselves, jittered when sampled.

use super::Modes;
use crate::rng::Rng;

/// More points than this is not a drawing, and would bloat a shared URL.
pub const MAX_USER_POINTS: usize = 4096;
/// Coordinates beyond this are outside anything the plot shows.
pub const MAX_ABS_COORD: f32 = 100.0;
/// The default jitter: wide enough that a handful of drawn points make a smooth target.
pub const DEFAULT_JITTER: f32 = 0.02;

/// Why a point set was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum UserPointsError {
    /// No points at all.
    Empty,
    /// More than [`MAX_USER_POINTS`].
    TooMany(usize),
    /// A coordinate that is NaN, infinite or absurdly large, at this point index.
    BadCoordinate(usize),
    /// A negative or non-finite jitter.
    BadJitter,
}

impl std::fmt::Display for UserPointsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(
                f,
                "the point set is empty: draw or paste at least one point"
            ),
            Self::TooMany(n) => write!(f, "{n} points is too many (at most {MAX_USER_POINTS})"),
            Self::BadCoordinate(i) => write!(
                f,
                "point {} has a coordinate that is not a finite number within ±{MAX_ABS_COORD}",
                i + 1
            ),
            Self::BadJitter => write!(f, "the jitter must be a finite number ≥ 0"),
        }
    }
}

impl std::error::Error for UserPointsError {}

/// A validated, non-empty set of points plus the Gaussian jitter added to each sample.
/// Deserialising validates too, so a hostile URL or message cannot smuggle in a NaN.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawUserPoints")]
pub struct UserPoints {
    points: Vec<[f32; 2]>,
    jitter: f32,
}

/// The unvalidated wire form of [`UserPoints`].
#[derive(serde::Deserialize)]
struct RawUserPoints {
    points: Vec<[f32; 2]>,
    jitter: f32,
}

impl TryFrom<RawUserPoints> for UserPoints {
    type Error = UserPointsError;
    fn try_from(raw: RawUserPoints) -> Result<Self, Self::Error> {
        Self::new(raw.points, raw.jitter)
    }
}

impl UserPoints {
    /// Validates the points; see [`UserPointsError`].
    pub fn new(points: Vec<[f32; 2]>, jitter: f32) -> Result<Self, UserPointsError> {
        if points.is_empty() {
            return Err(UserPointsError::Empty);
        }
        if points.len() > MAX_USER_POINTS {
            return Err(UserPointsError::TooMany(points.len()));
        }
        if let Some(i) = points
            .iter()
            .position(|p| p.iter().any(|v| !v.is_finite() || v.abs() > MAX_ABS_COORD))
        {
            return Err(UserPointsError::BadCoordinate(i));
        }
        if !jitter.is_finite() || jitter < 0.0 {
            return Err(UserPointsError::BadJitter);
        }
        Ok(Self { points, jitter })
    }

    /// The points as given.
    pub fn points(&self) -> &[[f32; 2]] {
        &self.points
    }

    /// The jitter σ.
    pub fn jitter(&self) -> f32 {
        self.jitter
    }

    /// `n` samples: a uniformly chosen point plus N(0, jitter²) per coordinate.
    pub fn sample(&self, n: usize, rng: &mut Rng) -> Vec<f32> {
        let mut out = Vec::with_capacity(2 * n);
        for _ in 0..n {
            let p = self.points[rng.below(self.points.len())];
            out.push(p[0] + self.jitter * rng.normal() as f32);
            out.push(p[1] + self.jitter * rng.normal() as f32);
        }
        out
    }

    /// Each drawn point is a mode of width `jitter` (a floor keeps "within 3σ" meaningful when
    /// the jitter is zero).
    pub fn modes(&self) -> Modes {
        Modes {
            centres: self.points.clone(),
            sigma: self.jitter.max(1e-3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_nan_huge_and_negative_jitter() {
        assert_eq!(UserPoints::new(vec![], 0.1), Err(UserPointsError::Empty));
        assert_eq!(
            UserPoints::new(vec![[0.0, 0.0], [f32::NAN, 1.0]], 0.1),
            Err(UserPointsError::BadCoordinate(1))
        );
        assert_eq!(
            UserPoints::new(vec![[1e9, 0.0]], 0.1),
            Err(UserPointsError::BadCoordinate(0))
        );
        assert_eq!(
            UserPoints::new(vec![[0.0, 0.0]], -1.0),
            Err(UserPointsError::BadJitter)
        );
        let many = vec![[0.0, 0.0]; MAX_USER_POINTS + 1];
        assert!(matches!(
            UserPoints::new(many, 0.0),
            Err(UserPointsError::TooMany(_))
        ));
        assert!(
            UserPointsError::BadCoordinate(1)
                .to_string()
                .contains("point 2")
        );
    }

    #[test]
    fn deserialising_validates() {
        let ok: UserPoints =
            serde_json::from_str(r#"{"points":[[0.5,0.5]],"jitter":0.1}"#).unwrap();
        assert_eq!(ok.points(), &[[0.5, 0.5]]);
        assert!(serde_json::from_str::<UserPoints>(r#"{"points":[],"jitter":0.1}"#).is_err());
        assert!(
            serde_json::from_str::<UserPoints>(r#"{"points":[[1e30,0]],"jitter":0.1}"#).is_err()
        );
    }

    #[test]
    fn samples_stay_near_the_drawn_points() {
        let u = UserPoints::new(vec![[0.5, 0.5], [-0.5, 0.0]], 0.01).unwrap();
        let mut rng = Rng::new(9);
        let s = u.sample(500, &mut rng);
        let mut hits = [0; 2];
        for p in s.chunks(2) {
            let i = u
                .points()
                .iter()
                .position(|c| (p[0] - c[0]).abs() < 0.06 && (p[1] - c[1]).abs() < 0.06)
                .expect("every sample is within 6σ of a drawn point");
            hits[i] += 1;
        }
        assert!(hits[0] > 150 && hits[1] > 150, "{hits:?}");
    }
}
