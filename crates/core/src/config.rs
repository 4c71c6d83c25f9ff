//! Everything that defines a training run, and its validation.
//!
//! A run is fully determined by a [`TrainConfig`] and a dataset: the same pair gives the same
//! weights step for step on the CPU backend. Bad values are refused by [`TrainConfig::validate`]
//! with a [`ConfigError`] that says which field and why, so no caller (CLI, URL, UI form) ever
//! feeds a NaN learning rate or a zero-width layer into the engine.

use serde::{Deserialize, Serialize};

use crate::experiment::{ExperimentConfig, GanSettings};

crate::spelled_enum! {
    "kebab-case";
    /// The nonlinearity between hidden layers. (Its tensor forms live in the burn-only
    /// `network` module; this enum is plain data so the UI can hold it without burn.)
    #[derive(Default)]
    pub enum Activation {
        /// max(0, x): the reference toy script's choice.
        #[default]
        Relu,
        /// max(0.2·x, x): the WGAN-GP MNIST critic's choice; never has a zero gradient.
        LeakyRelu,
        /// tanh(x): smooth, so its second derivative enters the penalty's gradient.
        Tanh,
    }
}

/// The negative slope of [`Activation::LeakyRelu`].
pub const LEAKY_SLOPE: f64 = 0.2;

impl Activation {
    /// All activations, for tests and menus.
    pub const ALL: [Activation; 3] = [Activation::Relu, Activation::LeakyRelu, Activation::Tanh];
}

/// Declares a plain enum whose every variant has one spelling in URLs, on the command line and
/// in JSON: strum's names and serde's are the same case (`"kebab-case"` or `"lowercase"`), and
/// `name()` and `parse()` use them (old spellings kept as strum and serde aliases still parse).
#[macro_export]
macro_rules! spelled_enum {
    ($case:literal; $(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::strum::IntoStaticStr,
            ::strum::EnumString,
            ::strum::VariantArray,
        )]
        #[serde(rename_all = $case)]
        #[strum(serialize_all = $case)]
        pub enum $name { $($body)* }

        impl $name {
            /// The name used on the command line, in URLs and in JSON.
            pub fn name(self) -> &'static str {
                self.into()
            }

            /// Parses [`Self::name`] (and the old spellings it replaced).
            pub fn parse(s: &str) -> Option<Self> {
                s.parse().ok()
            }
        }
    };
}

/// Declares the config struct with a doc and a default on every field, and a `with_<field>`
/// builder for each (the shape of burn's `#[derive(Config)]`, without burn, so the UI thread
/// can validate and share configurations without linking the tensor library).
macro_rules! config_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[doc = $doc:literal])* $field:ident / $with:ident : $ty:ty = $default:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            $( $(#[doc = $doc])* #[doc = concat!("\n\nDefault: `", stringify!($default), "`.")] pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: $default, )* }
            }
        }

        impl $name {
            $(
                #[doc = concat!("Sets `", stringify!($field), "`.")]
                pub fn $with(mut self, value: $ty) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}
pub(crate) use config_struct;

crate::spelled_enum! {
    "kebab-case";
    /// The adversarial objective.
    pub enum LossKind {
        /// The original GAN with the non-saturating generator loss −log D(G(z)).
        Bce,
        /// The original GAN with the minimax generator loss log(1 − D(G(z))), which vanishes once
        /// D confidently rejects fakes (lecture slide 2).
        BceSaturating,
        /// WGAN: critic loss E[D(fake)] − E[D(real)], weights clipped to [−c, c].
        WganClip,
        /// WGAN-GP: the critic loss plus λ·E[(‖∇D(x̂)‖ − 1)²] on random interpolates.
        WganGp,
        /// WGAN-GP penalising only gradient norms above 1: λ·E[max(0, ‖∇D(x̂)‖ − 1)²].
        WganGpOneSided,
    }
}

impl LossKind {
    /// All losses, for tests and menus.
    pub const ALL: [LossKind; 5] = [
        LossKind::Bce,
        LossKind::BceSaturating,
        LossKind::WganClip,
        LossKind::WganGp,
        LossKind::WganGpOneSided,
    ];

    /// Whether the critic's output is a Wasserstein score (unbounded) rather than a logit.
    pub fn is_wasserstein(self) -> bool {
        !matches!(self, LossKind::Bce | LossKind::BceSaturating)
    }

    /// Whether the critic loss has a gradient penalty.
    pub fn has_penalty(self) -> bool {
        matches!(self, LossKind::WganGp | LossKind::WganGpOneSided)
    }
}

crate::spelled_enum! {
    "kebab-case";
    /// The update rule of one network.
    pub enum OptimizerKind {
        /// Adam with the configured betas (WGAN-GP's choice).
        Adam,
        /// RMSProp (the WGAN paper's choice: momentum-based methods were unstable with clipping).
        /// Spelled `rmsprop` everywhere; weights files written before that said `rms-prop` in
        /// their JSON, and still load.
        #[serde(rename = "rmsprop", alias = "rms-prop")]
        #[strum(to_string = "rmsprop", serialize = "rms-prop")]
        RmsProp,
        /// Plain stochastic gradient descent.
        Sgd,
    }
}

impl OptimizerKind {
    /// All optimisers.
    pub const ALL: [OptimizerKind; 3] = [
        OptimizerKind::Adam,
        OptimizerKind::RmsProp,
        OptimizerKind::Sgd,
    ];
}

config_struct! {
/// A training run's hyperparameters. The defaults are the fast CPU configuration; see
/// [`TrainConfig::paper`] for the WGAN-GP reference toy script's.
pub struct TrainConfig {
    /// The objective. WGAN-GP is the lecture's destination.
    loss / with_loss: LossKind = LossKind::WganGp,
    /// Hidden width of both networks. 128 keeps a CPU at tens of steps per second; the paper
    /// uses 512.
    width / with_width: usize = 128,
    /// Hidden layers in both networks: the reference uses 3.
    depth / with_depth: usize = 3,
    /// Hidden nonlinearity of both networks: the reference uses ReLU.
    activation / with_activation: Activation = Activation::Relu,
    /// Dimension of the generator's Gaussian noise input: the reference uses 2, which makes the
    /// generator manifold drawable as a warped grid.
    noise_dim / with_noise_dim: usize = 2,
    /// Samples per batch, real and fake alike: the reference uses 256. 128 makes a step about
    /// twice as fast on a CPU and reaches the same quality in about as many steps, so a
    /// convincing picture comes in half the time.
    batch / with_batch: usize = 128,
    /// Critic steps per generator step. Both WGAN papers use 5 (see [`TrainConfig::paper`]);
    /// 2 gives a CPU twice the generator steps per second and still converges on the toy data.
    /// BCE GANs traditionally use 1.
    n_critic / with_n_critic: usize = 2,
    /// Gradient penalty weight λ. The toy script uses 0.1 and the paper's default is 10; 1
    /// converges fastest with the fast learning rates.
    lambda / with_lambda: f64 = 1.0,
    /// Weight clipping bound c for WGAN-clip: the WGAN paper's 0.01.
    clip / with_clip: f64 = 0.01,
    /// Generator learning rate: 2e-3 (halved every `lr_half_life` steps) finds the modes in a
    /// few hundred steps at width 128; the paper uses a constant 1e-4.
    lr_g / with_lr_g: f64 = 2e-3,
    /// Critic learning rate: twice the generator's (two time scales, Heusel et al. 2017), so
    /// the critic keeps up with the generator at 2 critic steps.
    lr_d / with_lr_d: f64 = 4e-3,
    /// Adam β₁: WGAN-GP's 0.5 (a high momentum destabilises the critic).
    beta1 / with_beta1: f64 = 0.5,
    /// Adam β₂: WGAN-GP's 0.9.
    beta2 / with_beta2: f64 = 0.9,
    /// The generator's optimiser.
    optimizer_g / with_optimizer_g: OptimizerKind = OptimizerKind::Adam,
    /// The critic's optimiser.
    optimizer_d / with_optimizer_d: OptimizerKind = OptimizerKind::Adam,
    /// Halve both learning rates every this many generator steps (0: constant rates). A fast
    /// start that then settles lets a CPU reach sharp modes in a minute; the papers train ten
    /// times longer at a constant 1e-4 instead.
    lr_half_life / with_lr_half_life: u64 = 800,
    /// WGAN's schedule: 100 critic steps for the first 25 generator steps and every 500th.
    warmup / with_warmup: bool = false,
    /// Hold the generator at real + N(0, 1) noise and train the critic alone, to see the
    /// optimal critic's value surface (the WGAN-GP paper's Figure 1).
    fixed_generator / with_fixed_generator: bool = false,
    /// Seeds initial weights, batches, noise and interpolation weights.
    seed / with_seed: u64 = 1,
    /// Decay β of the generator's weight average (0: none). Training ignores it; samples and
    /// metrics drawn from the average are sharper, because it smooths out the generator's
    /// oscillation around the modes (Yazıcı et al. 2019). The paper's preset keeps 0.
    ema / with_ema: f64 = 0.99,
    /// Show the averaged generator ("averaged G") rather than the one being trained ("raw G").
    averaged / with_averaged: bool = true,
}
}

/// What is wrong with one field of a configuration: data, not a sentence. The page words it in
/// the student's language; [`ConfigError`]'s `Display` is a terse English form for the CLI,
/// logs and tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConfigProblem {
    /// A count outside `min..=max`.
    Count { min: usize, max: usize, got: usize },
    /// A number outside its interval, or not a number (`got` as written, so NaN travels too).
    Number {
        lo: f64,
        hi: f64,
        open_lo: bool,
        got: String,
    },
    /// Adam's β₁ and β₂ must be below 1.
    BetaNotBelowOne,
    /// No digit class is chosen.
    NoDigits,
    /// The data holds none of the chosen digits.
    NoneOfTheDigits,
    /// More weights than a browser tab can train.
    NetworkTooLarge,
}

/// Why a configuration was refused: the field, as named in its configuration, and what is
/// wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub field: &'static str,
    pub problem: ConfigProblem,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigProblem::Count { min, max, got } => {
                write!(f, "must be between {min} and {max}, got {got}")
            }
            ConfigProblem::Number {
                lo,
                hi,
                open_lo,
                got,
            } => {
                let bracket = if *open_lo { "(" } else { "[" };
                write!(f, "must be a number in {bracket}{lo}, {hi}], got {got}")
            }
            ConfigProblem::BetaNotBelowOne => write!(f, "Adam's betas must be below 1"),
            ConfigProblem::NoDigits => write!(f, "choose at least one digit from 0 to 9"),
            ConfigProblem::NoneOfTheDigits => write!(f, "the data has none of the chosen digits"),
            ConfigProblem::NetworkTooLarge => write!(f, "too large a network for a browser tab"),
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Upper bounds that keep one step within what a browser tab can compute.
pub const MAX_WIDTH: usize = 2048;
/// Deeper MLPs add nothing on 2D data and make the penalty walk long.
pub const MAX_DEPTH: usize = 8;
/// Batches beyond this only slow the tab down.
pub const MAX_BATCH: usize = 4096;
/// WGAN's warm-up uses 100; more than 1000 per generator step freezes the generator.
pub const MAX_N_CRITIC: usize = 1000;
/// An average over more than ~10,000 steps would show a generator from long ago.
pub const MAX_EMA: f64 = 0.9999;
/// The noise space stays small enough to draw.
pub const MAX_NOISE_DIM: usize = 256;

/// The error for `field` with `problem`.
pub fn err(field: &'static str, problem: ConfigProblem) -> ConfigError {
    ConfigError { field, problem }
}

/// Checks a count is in `1..=max`.
pub fn count(field: &'static str, v: usize, max: usize) -> Result<(), ConfigError> {
    count_in(field, v, 1, max)
}

/// Checks a count is in `min..=max`.
pub fn count_in(field: &'static str, v: usize, min: usize, max: usize) -> Result<(), ConfigError> {
    if v < min || v > max {
        Err(err(field, ConfigProblem::Count { min, max, got: v }))
    } else {
        Ok(())
    }
}

pub fn finite_in(
    field: &'static str,
    v: f64,
    lo: f64,
    hi: f64,
    open_lo: bool,
) -> Result<(), ConfigError> {
    let ok = v.is_finite() && if open_lo { v > lo } else { v >= lo } && v <= hi;
    if ok {
        Ok(())
    } else {
        Err(err(
            field,
            ConfigProblem::Number {
                lo,
                hi,
                open_lo,
                got: v.to_string(),
            },
        ))
    }
}

impl TrainConfig {
    /// The WGAN-GP reference toy script: width 512, λ 0.1, Adam 1e-4 (0.5, 0.9) at a constant
    /// rate, 5 critic steps, batch 256.
    pub fn paper() -> Self {
        Self::default()
            .with_batch(256)
            .with_width(512)
            .with_n_critic(5)
            .with_lambda(0.1)
            .with_lr_g(1e-4)
            .with_lr_d(1e-4)
            .with_lr_half_life(0)
            .with_ema(0.0)
            .with_averaged(false)
    }

    /// The fast configuration (the defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        count("width", self.width, MAX_WIDTH)?;
        count("depth", self.depth, MAX_DEPTH)?;
        count("noise_dim", self.noise_dim, MAX_NOISE_DIM)?;
        count("batch", self.batch, MAX_BATCH)?;
        count("n_critic", self.n_critic, MAX_N_CRITIC)?;
        finite_in("lambda", self.lambda, 0.0, 1e4, false)?;
        finite_in("clip", self.clip, 0.0, 100.0, true)?;
        finite_in("lr_g", self.lr_g, 0.0, 1.0, true)?;
        finite_in("lr_d", self.lr_d, 0.0, 1.0, true)?;
        finite_in("beta1", self.beta1, 0.0, 0.999_999, false)?;
        finite_in("beta2", self.beta2, 0.0, 0.999_999, false)?;
        finite_in("ema", self.ema, 0.0, MAX_EMA, false)?;
        Ok(())
    }

    /// The learning-rate multiplier at generator step `g_step` (see [`GanSettings::lr_factor`]).
    pub fn lr_factor(&self, g_step: u64) -> f64 {
        self.gan().lr_factor(g_step)
    }

    /// Critic steps before generator step `g_step` (see [`GanSettings::critic_steps_at`]).
    pub fn critic_steps_at(&self, g_step: u64) -> usize {
        self.gan().critic_steps_at(g_step)
    }
}

impl ExperimentConfig for TrainConfig {
    const WEIGHTS_KIND: &'static str = crate::share::weights::KIND;

    fn gan(&self) -> GanSettings {
        GanSettings {
            loss: self.loss,
            lambda: self.lambda,
            clip: self.clip,
            batch: self.batch,
            noise_dim: self.noise_dim,
            n_critic: self.n_critic,
            warmup: self.warmup,
            lr_g: self.lr_g,
            lr_d: self.lr_d,
            lr_half_life: self.lr_half_life,
            optimizer_g: self.optimizer_g,
            optimizer_d: self.optimizer_d,
            betas: (self.beta1, self.beta2),
            fixed_generator: self.fixed_generator,
            seed: self.seed,
            ema: self.ema,
            averaged: self.averaged,
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        TrainConfig::validate(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_paper_preset_are_valid() {
        TrainConfig::new().validate().unwrap();
        let p = TrainConfig::paper();
        p.validate().unwrap();
        assert_eq!((p.width, p.depth, p.batch, p.n_critic), (512, 3, 256, 5));
        assert_eq!((p.lambda, p.lr_g, p.beta1, p.beta2), (0.1, 1e-4, 0.5, 0.9));
    }

    #[test]
    fn every_bad_value_names_its_field() {
        let cases: Vec<(TrainConfig, &str)> = vec![
            (TrainConfig::new().with_width(0), "width"),
            (TrainConfig::new().with_depth(0), "depth"),
            (TrainConfig::new().with_batch(0), "batch"),
            (TrainConfig::new().with_n_critic(0), "n_critic"),
            (TrainConfig::new().with_noise_dim(0), "noise_dim"),
            (TrainConfig::new().with_lr_g(f64::NAN), "lr_g"),
            (TrainConfig::new().with_lr_d(-1e-3), "lr_d"),
            (TrainConfig::new().with_lr_d(0.0), "lr_d"),
            (TrainConfig::new().with_lambda(-0.1), "lambda"),
            (TrainConfig::new().with_lambda(f64::INFINITY), "lambda"),
            (TrainConfig::new().with_clip(0.0), "clip"),
            (TrainConfig::new().with_clip(-0.01), "clip"),
            (TrainConfig::new().with_beta1(1.0), "beta1"),
            (TrainConfig::new().with_width(MAX_WIDTH + 1), "width"),
        ];
        for (cfg, field) in cases {
            let e = cfg.validate().unwrap_err();
            assert_eq!(e.field, field, "{e}");
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn warmup_schedule_follows_wgan() {
        let c = TrainConfig::new().with_warmup(true);
        assert_eq!(c.critic_steps_at(0), 100);
        assert_eq!(c.critic_steps_at(24), 100);
        assert_eq!(c.critic_steps_at(25), 2);
        assert_eq!(c.critic_steps_at(500), 100);
        assert_eq!(TrainConfig::new().critic_steps_at(0), 2);
        assert_eq!(TrainConfig::paper().critic_steps_at(7), 5);
    }

    #[test]
    fn learning_rate_halves_every_half_life() {
        let c = TrainConfig::new().with_lr_half_life(100);
        assert_eq!(c.lr_factor(0), 1.0);
        assert!((c.lr_factor(100) - 0.5).abs() < 1e-12);
        assert!((c.lr_factor(250) - 0.5f64.powf(2.5)).abs() < 1e-12);
        assert_eq!(TrainConfig::paper().lr_factor(10_000), 1.0);
    }

    #[test]
    fn names_round_trip() {
        for l in LossKind::ALL {
            assert_eq!(LossKind::parse(l.name()), Some(l));
        }
        for o in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::parse(o.name()), Some(o));
        }
        for a in Activation::ALL {
            assert_eq!(Activation::parse(a.name()), Some(a));
        }
        assert_eq!(LossKind::parse("wgan"), None);
    }

    /// Every variant of every named enum: its URL/CLI name is its JSON name, parses back, and
    /// the menus' `ALL` lists every variant once.
    fn one_spelling<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + serde::de::DeserializeOwned,
        T: strum::VariantArray + Into<&'static str> + std::str::FromStr,
    {
        assert_eq!(all, T::VARIANTS, "ALL lists every variant in order");
        for &v in all {
            let name: &'static str = v.into();
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                v
            );
            assert_eq!(name.parse::<T>().ok(), Some(v));
        }
    }

    #[test]
    fn each_name_is_spelled_the_same_in_urls_and_json() {
        one_spelling(&Activation::ALL);
        one_spelling(&LossKind::ALL);
        one_spelling(&OptimizerKind::ALL);
        one_spelling(&crate::mnist::MnistArch::ALL);
        // RMSProp was `rms-prop` in the JSON of weights files before: still read, never written.
        assert_eq!(OptimizerKind::RmsProp.name(), "rmsprop");
        let old: OptimizerKind = serde_json::from_str("\"rms-prop\"").unwrap();
        assert_eq!(old, OptimizerKind::RmsProp);
        assert_eq!(
            OptimizerKind::parse("rms-prop"),
            Some(OptimizerKind::RmsProp)
        );
    }
}
