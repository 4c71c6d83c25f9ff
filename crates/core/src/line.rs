//! The 1D lab: real data is a mixture of Gaussians on a line, and both networks are small MLPs
//! 1 → … → 1. In one dimension a student sees the critic's whole function, its slope and
//! the generator's push on the axis, and W1 is exact (sorting), which is what slides 3 and 4 of
//! the lecture need live.

use serde::{Deserialize, Serialize};

use crate::config::{
    Activation, ConfigError, ConfigProblem, LossKind, OptimizerKind, config_struct, count, err,
    finite_in,
};
use crate::experiment::{ExperimentConfig, GanSettings};
use crate::rng::Rng;

/// One Gaussian of the mixture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub mean: f64,
    pub std: f64,
    /// Relative weight (the weights need not sum to 1).
    pub weight: f64,
}

/// Most components a mixture may have.
pub const MAX_COMPONENTS: usize = 8;
/// Means stay within ±this.
pub const MAX_MEAN: f64 = 10.0;

/// A mixture of Gaussians on a line, checked on construction and on decoding (a message from
/// the page or a link cannot smuggle in a bad one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Component>", into = "Vec<Component>")]
pub struct Mixture {
    components: Vec<Component>,
}

/// Why a mixture was refused, as data (with the offending value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MixtureProblem {
    /// Not 1 to [`MAX_COMPONENTS`] components.
    Components(usize),
    /// A mean that is not finite or lies beyond ±[`MAX_MEAN`].
    Mean(f64),
    /// A standard deviation outside (0, 5].
    Std(f64),
    /// A weight that is not positive and finite.
    Weight(f64),
}

/// For serde only, which reports a refused mixture inside its own decoding error (a message
/// no page of ours sends); the page words a [`MixtureProblem`] itself.
impl std::fmt::Display for MixtureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MixtureProblem::Components(n) => write!(f, "components: {n}"),
            MixtureProblem::Mean(v) => write!(f, "mean: {v}"),
            MixtureProblem::Std(v) => write!(f, "std: {v}"),
            MixtureProblem::Weight(v) => write!(f, "weight: {v}"),
        }
    }
}

impl TryFrom<Vec<Component>> for Mixture {
    type Error = MixtureProblem;
    fn try_from(c: Vec<Component>) -> Result<Self, MixtureProblem> {
        Mixture::new(c)
    }
}

impl From<Mixture> for Vec<Component> {
    fn from(m: Mixture) -> Self {
        m.components
    }
}

impl Mixture {
    /// A mixture of 1 to [`MAX_COMPONENTS`] components with finite means within ±10, standard
    /// deviations in (0, 5] and positive finite weights.
    pub fn new(components: Vec<Component>) -> Result<Self, MixtureProblem> {
        if components.is_empty() || components.len() > MAX_COMPONENTS {
            return Err(MixtureProblem::Components(components.len()));
        }
        for c in &components {
            if !(c.mean.is_finite() && c.mean.abs() <= MAX_MEAN) {
                return Err(MixtureProblem::Mean(c.mean));
            }
            if !(c.std > 0.0 && c.std <= 5.0) {
                return Err(MixtureProblem::Std(c.std));
            }
            if !(c.weight > 0.0 && c.weight.is_finite()) {
                return Err(MixtureProblem::Weight(c.weight));
            }
        }
        Ok(Self { components })
    }

    /// Two equal modes at ±2 (σ 0.3): the lecture's picture of two distributions that a
    /// generator must split its mass between.
    pub fn two() -> Self {
        Self::preset("two").expect("presets are valid")
    }

    /// A named mixture: `two` (±2), `three` (−3, 0, 3), `skewed` (a big mode and a small one).
    pub fn preset(name: &str) -> Option<Self> {
        let c = |mean, std, weight| Component { mean, std, weight };
        let components = match name {
            "two" => vec![c(-2.0, 0.3, 1.0), c(2.0, 0.3, 1.0)],
            "three" => vec![c(-3.0, 0.3, 1.0), c(0.0, 0.3, 1.0), c(3.0, 0.3, 1.0)],
            "skewed" => vec![c(-1.5, 0.5, 3.0), c(2.5, 0.25, 1.0)],
            _ => return None,
        };
        Self::new(components).ok()
    }

    /// The preset names, for menus.
    pub const PRESETS: [&'static str; 3] = ["two", "three", "skewed"];

    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// `n` draws: a component by weight, then a normal draw from it.
    pub fn sample(&self, n: usize, rng: &mut Rng) -> Vec<f32> {
        let total: f64 = self.components.iter().map(|c| c.weight).sum();
        (0..n)
            .map(|_| {
                let mut u = rng.uniform() * total;
                let c = self
                    .components
                    .iter()
                    .find(|c| {
                        u -= c.weight;
                        u < 0.0
                    })
                    .unwrap_or(&self.components[self.components.len() - 1]);
                (c.mean + c.std * rng.normal()) as f32
            })
            .collect()
    }

    /// The mixture's cumulative distribution function at `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        let total: f64 = self.components.iter().map(|c| c.weight).sum();
        self.components
            .iter()
            .map(|c| c.weight * normal_cdf((x - c.mean) / c.std))
            .sum::<f64>()
            / total
    }

    /// W1 between the empirical distribution of `samples` and this mixture itself, not a draw
    /// of it: ∫ |F_n(x) − F(x)| dx. A sample-to-sample W1 has a floor of its own (two perfect
    /// 4,096-sample draws of `two` are 0.04 apart); this one's only floor is the generated
    /// sample's (about 0.01 at 65,536 samples). Within 9σ of the components it integrates on
    /// 1e-4 wide cells (error below 1e-4); beyond, where F is 0 or 1 to within 1e-18, exactly.
    /// `None` for no samples or a non-finite one.
    pub fn w1_to(&self, samples: &[f32]) -> Option<f64> {
        if samples.is_empty() || samples.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let mut s: Vec<f64> = samples.iter().map(|x| *x as f64).collect();
        s.sort_by(f64::total_cmp);
        let n = s.len() as f64;
        let (lo, hi) = self
            .components
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), c| {
                (lo.min(c.mean - 9.0 * c.std), hi.max(c.mean + 9.0 * c.std))
            });
        // Outside [lo, hi]: F_n against 0 on the left, 1 − F_n against 0 on the right.
        let left: f64 = s.iter().filter(|x| **x < lo).map(|x| lo - x).sum::<f64>() / n;
        let right: f64 = s.iter().filter(|x| **x > hi).map(|x| x - hi).sum::<f64>() / n;
        let cells = ((hi - lo) / 1e-4).ceil() as usize;
        let dx = (hi - lo) / cells as f64;
        let mut below = s.partition_point(|x| *x < lo);
        let mut inside = 0.0;
        for i in 0..cells {
            let x = lo + (i as f64 + 0.5) * dx;
            while below < s.len() && s[below] <= x {
                below += 1;
            }
            inside += (below as f64 / n - self.cdf(x)).abs();
        }
        Some(left + inside * dx + right)
    }

    /// The interval the plot shows: every component's mean ± 4σ, with a margin.
    pub fn range(&self) -> (f32, f32) {
        let lo = self
            .components
            .iter()
            .map(|c| c.mean - 4.0 * c.std)
            .fold(f64::MAX, f64::min);
        let hi = self
            .components
            .iter()
            .map(|c| c.mean + 4.0 * c.std)
            .fold(f64::MIN, f64::max);
        let pad = 0.15 * (hi - lo);
        ((lo - pad) as f32, (hi + pad) as f32)
    }
}

/// Φ, the standard normal CDF, through Numerical Recipes' `erfcc` (a Chebyshev fit whose
/// fractional error is below 1.2e-7 everywhere, far below what a W1 of samples can resolve).
pub fn normal_cdf(t: f64) -> f64 {
    let x = -t / std::f64::consts::SQRT_2;
    let z = x.abs();
    let u = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + u * (1.000_023_68
            + u * (0.374_091_96
                + u * (0.096_784_18
                    + u * (-0.186_288_06
                        + u * (0.278_868_07
                            + u * (-1.135_203_98
                                + u * (1.488_515_87 + u * (-0.822_152_23 + u * 0.170_872_77))))))));
    let erfc = u * poly.exp();
    0.5 * if x >= 0.0 { erfc } else { 2.0 - erfc }
}

config_struct! {
    /// A 1D run: generator and critic MLPs on a line.
    pub struct LineConfig {
        /// The objective.
        loss / with_loss: LossKind = LossKind::WganGp,
        /// Hidden width of both networks.
        width / with_width: usize = 64,
        /// Hidden layers of both networks.
        depth / with_depth: usize = 3,
        /// Hidden nonlinearity.
        activation / with_activation: Activation = Activation::Relu,
        /// The generator's noise dimension (1: the generator is a monotone-ish map of the line).
        noise_dim / with_noise_dim: usize = 1,
        /// Samples per batch.
        batch / with_batch: usize = 256,
        /// Critic iterations per generator iteration.
        n_critic / with_n_critic: usize = 5,
        /// The gradient penalty's weight λ.
        lambda / with_lambda: f64 = 1.0,
        /// WGAN's clipping bound c.
        clip / with_clip: f64 = 0.05,
        /// Both networks' learning rate.
        lr / with_lr: f64 = 1e-3,
        /// Halve the learning rate every this many generator steps (0: constant). A fast start
        /// that then settles stops the modes' positions oscillating.
        lr_half_life / with_lr_half_life: u64 = 400,
        /// Adam's β₁.
        beta1 / with_beta1: f64 = 0.5,
        /// Adam's β₂.
        beta2 / with_beta2: f64 = 0.9,
        /// WGAN's warm-up schedule.
        warmup / with_warmup: bool = false,
        /// Decay β of the generator's weight average, which is then what is drawn; 0 (the
        /// default) keeps none and draws the generator being trained, whose lesson is the
        /// critic's slope.
        ema / with_ema: f64 = 0.0,
        /// Seeds every random draw of the run.
        seed / with_seed: u64 = 1,
    }
}

impl LineConfig {
    /// Settings under which WGAN-GP settles on `two` to W1 < 0.05 to the mixture (measured:
    /// 0.030–0.043 at step 5,000, three seeds; `tests/line.rs`). The defaults' two-sided
    /// penalty asks for |D′| = 1 even where the generated and real samples already agree, so
    /// its critic keeps pushing a generator that has arrived (Mescheder et al. 2018); the
    /// one-sided penalty lets it go flat there. n_critic 10 keeps the critic ahead, width 128
    /// lets the generator cut steeply between the modes, and the weight average irons out
    /// the modes' remaining wander.
    pub fn converging() -> Self {
        Self::default()
            .with_loss(LossKind::WganGpOneSided)
            .with_lambda(10.0)
            .with_n_critic(10)
            .with_width(128)
            .with_lr_half_life(2000)
            .with_ema(0.999)
    }
}

/// The 1D lab's weights files' kind.
pub const WEIGHTS_KIND: &str = "earthmover-line-weights";

impl LineConfig {
    /// Refuses anything that would corrupt a run, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        count("width", self.width, 512)?;
        count("depth", self.depth, 6)?;
        count("noise_dim", self.noise_dim, 16)?;
        count("batch", self.batch, 4096)?;
        count("n_critic", self.n_critic, 100)?;
        finite_in("lambda", self.lambda, 0.0, 1e4, false)?;
        finite_in("clip", self.clip, 0.0, 100.0, true)?;
        finite_in("lr", self.lr, 0.0, 1.0, true)?;
        finite_in("beta1", self.beta1, 0.0, 0.999_999, false)?;
        finite_in("beta2", self.beta2, 0.0, 0.999_999, false)?;
        finite_in("ema", self.ema, 0.0, 0.999_999, false)?;
        if self.width * self.width * self.depth > 1 << 20 {
            return Err(err("width", ConfigProblem::NetworkTooLarge));
        }
        Ok(())
    }
}

impl ExperimentConfig for LineConfig {
    const WEIGHTS_KIND: &'static str = WEIGHTS_KIND;

    fn gan(&self) -> GanSettings {
        // As on MNIST: RMSProp with clipping (its paper's advice), Adam otherwise.
        let optimizer = if self.loss == LossKind::WganClip {
            OptimizerKind::RmsProp
        } else {
            OptimizerKind::Adam
        };
        GanSettings {
            loss: self.loss,
            lambda: self.lambda,
            clip: self.clip,
            batch: self.batch,
            noise_dim: self.noise_dim,
            n_critic: self.n_critic,
            warmup: self.warmup,
            lr_g: self.lr,
            lr_d: self.lr,
            lr_half_life: self.lr_half_life,
            optimizer_g: optimizer,
            optimizer_d: optimizer,
            betas: (self.beta1, self.beta2),
            fixed_generator: false,
            seed: self.seed,
            // Shown when kept: the average is what settles (see `converging`).
            ema: self.ema,
            averaged: self.ema > 0.0,
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        LineConfig::validate(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixtures_sample_their_components_by_weight_and_refuse_bad_ones() {
        let m = Mixture::preset("skewed").unwrap();
        let x = m.sample(40_000, &mut Rng::new(3));
        let left = x.iter().filter(|v| **v < 0.5).count() as f64 / x.len() as f64;
        assert!((left - 0.75).abs() < 0.01, "{left}");
        let mean_left: f64 = x
            .iter()
            .filter(|v| **v < 0.5)
            .map(|v| *v as f64)
            .sum::<f64>()
            / (left * 40_000.0);
        assert!((mean_left + 1.5).abs() < 0.02, "{mean_left}");
        let c = |mean, std, weight| Component { mean, std, weight };
        use MixtureProblem as P;
        for (bad, why) in [
            (vec![], P::Components(0)),
            (vec![c(11.0, 1.0, 1.0)], P::Mean(11.0)),
            (vec![c(0.0, 0.0, 1.0)], P::Std(0.0)),
            (vec![c(0.0, 1.0, -1.0)], P::Weight(-1.0)),
            (vec![c(0.0, 1.0, 1.0); 9], P::Components(9)),
        ] {
            assert_eq!(Mixture::new(bad), Err(why));
        }
        assert!(matches!(
            Mixture::new(vec![c(f64::NAN, 1.0, 1.0)]),
            Err(P::Mean(m)) if m.is_nan()
        ));
        // Decoding checks too.
        assert!(serde_json::from_str::<Mixture>(r#"[{"mean":0,"std":-1,"weight":1}]"#).is_err());
        let json = serde_json::to_string(&Mixture::two()).unwrap();
        assert_eq!(
            serde_json::from_str::<Mixture>(&json).unwrap(),
            Mixture::two()
        );
        let (lo, hi) = Mixture::two().range();
        assert!(lo < -3.2 && hi > 3.2);
    }

    #[test]
    fn the_normal_cdf_matches_tabulated_values() {
        // Φ at 0, ±1, −2, 3 and far out, from tables (to 9 digits).
        for (t, phi) in [
            (0.0, 0.5),
            (1.0, 0.841_344_746),
            (-1.0, 0.158_655_254),
            (-2.0, 0.022_750_132),
            (3.0, 0.998_650_102),
            (-40.0, 0.0),
            (40.0, 1.0),
        ] {
            assert!(
                (normal_cdf(t) - phi).abs() < 2e-8,
                "Φ({t}) = {}",
                normal_cdf(t)
            );
        }
    }

    #[test]
    fn w1_to_the_mixture_matches_closed_forms_and_a_large_sample() {
        let c = |mean, std, weight| Component { mean, std, weight };
        let one = Mixture::new(vec![c(0.0, 0.5, 1.0)]).unwrap();
        // All mass at the mean: W1 = E|X| = σ·√(2/π).
        let at_mean = one.w1_to(&[0.0; 7]).unwrap();
        let exact = 0.5 * (2.0 / std::f64::consts::PI).sqrt();
        assert!((at_mean - exact).abs() < 2e-4, "{at_mean} vs {exact}");
        // Far outside the grid: W1 is the distance of the shift, exactly.
        let far = one.w1_to(&[100.0, 100.0]).unwrap();
        assert!((far - 100.0).abs() < 2e-4, "{far}");
        let shifted = one.w1_to(&[-100.0]).unwrap();
        assert!((shifted - 100.0).abs() < 2e-4, "{shifted}");
        // Against brute force: a 400,000-sample draw of `two` to the mixture, and two such
        // draws to each other by sorting, agree with the mixture's own figure near 0.
        let two = Mixture::two();
        let big = two.sample(400_000, &mut Rng::new(5));
        let w = two.w1_to(&big).unwrap();
        assert!(w < 0.006, "a large honest sample is near the mixture: {w}");
        // A sample shifted by 0.1 is 0.1 away.
        let moved: Vec<f32> = big.iter().map(|x| x + 0.1).collect();
        let w = two.w1_to(&moved).unwrap();
        assert!((w - 0.1).abs() < 0.006, "{w}");
        assert_eq!(two.w1_to(&[]), None);
        assert_eq!(two.w1_to(&[0.0, f32::NAN]), None);
    }

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_field() {
        LineConfig::default().validate().unwrap();
        for (c, field) in [
            (LineConfig::default().with_width(0), "width"),
            (LineConfig::default().with_lr(f64::NAN), "lr"),
            (LineConfig::default().with_clip(0.0), "clip"),
            (LineConfig::default().with_width(512).with_depth(6), "width"),
        ] {
            assert_eq!(c.validate().unwrap_err().field, field, "{c:?}");
        }
    }
}
