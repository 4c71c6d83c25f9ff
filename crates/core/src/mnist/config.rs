//! What defines an MNIST run. Plain data (no burn), so the page validates it before the worker
//! sees it; the worker validates again.

use serde::{Deserialize, Serialize};

use crate::config::{
    ConfigError, ConfigProblem, LossKind, MAX_EMA, OptimizerKind, config_struct, count, count_in,
    err, finite_in,
};
use crate::experiment::{ExperimentConfig, GanSettings};

crate::spelled_enum! {
    "kebab-case";
    /// Which networks the run trains.
    #[derive(Default)]
    pub enum MnistArch {
        /// The paper's pair: a conv critic (5×5 stride-2, 1 → D → 2D → 4D, LeakyReLU 0.2, linear
        /// to 1) and a generator (linear to 4·4·4D, ReLU, transposed convs 4D → 2D → D → 1, sigmoid).
        #[default]
        Conv,
        /// Fully connected: critic 784 → 512 → 256 → 1, generator noise → 256 → 512 → 784. Faster
        /// per step on a CPU, and blurrier.
        Mlp,
    }
}

impl MnistArch {
    pub const ALL: [MnistArch; 2] = [MnistArch::Conv, MnistArch::Mlp];
}

/// Every digit class: bit d set means digit d is trained on.
pub const ALL_DIGITS: u16 = 0x3ff;
/// Wider conv networks only make a browser tab crawl.
pub const MAX_WIDTH: usize = 128;
/// Batches beyond this only slow the tab down.
pub const MAX_BATCH: usize = 512;

config_struct! {
    /// An MNIST run: gan_mnist.py of the WGAN-GP paper, with D small enough for a CPU by default.
    pub struct MnistConfig {
        /// Conv (the paper's) or MLP networks.
        arch / with_arch: MnistArch = MnistArch::Conv,
        /// D, the first conv layer's channels (the paper: 64; 16 keeps a CPU responsive).
        width / with_width: usize = 16,
        /// The adversarial objective (the paper: WGAN-GP).
        loss / with_loss: LossKind = LossKind::WganGp,
        /// The gradient penalty's weight λ (the paper: 10).
        lambda / with_lambda: f64 = 10.0,
        /// WGAN's clipping bound c (the WGAN paper: 0.01).
        clip / with_clip: f64 = 0.01,
        /// Critic iterations per generator iteration (the paper: 5). 2, with the smaller batch
        /// below, makes a step about four times cheaper on a CPU, and the digits become readable
        /// in about as many steps.
        n_critic / with_n_critic: usize = 2,
        /// Both networks' learning rate. The paper's 1e-4 needs thousands of steps; 1e-3 shows
        /// digits within a few hundred, which is what a CPU can do in minutes.
        lr / with_lr: f64 = 1e-3,
        /// Adam's β₁ (the paper: 0.5).
        beta1 / with_beta1: f64 = 0.5,
        /// Adam's β₂ (the paper: 0.9).
        beta2 / with_beta2: f64 = 0.9,
        /// Real and fake digits per critic iteration (the paper: 50).
        batch / with_batch: usize = 32,
        /// The generator's noise dimension (the paper: 128).
        noise_dim / with_noise_dim: usize = 128,
        /// Which digits to train on, a bit per digit (bit d = digit d).
        digits / with_digits: u16 = ALL_DIGITS,
        /// WGAN's warm-up: 100 critic iterations for the first 25 generator steps and every
        /// 500th (as in the toy Lab).
        warmup / with_warmup: bool = false,
        /// Seeds every random draw of the run.
        seed / with_seed: u64 = 1,
        /// Decay β of the generator's weight average (0: none); see the toy configuration.
        ema / with_ema: f64 = 0.99,
        /// Show the averaged generator rather than the one being trained.
        averaged / with_averaged: bool = true,
    }
}

impl MnistConfig {
    /// gan_mnist.py as published: D = 64, Adam 1e-4 (0.5, 0.9), λ 10, n_critic 5, batch 50.
    /// Meant for WebGPU; on a CPU a step takes seconds.
    pub fn paper() -> Self {
        Self::default()
            .with_width(64)
            .with_lr(1e-4)
            .with_n_critic(5)
            .with_batch(50)
            .with_ema(0.0)
            .with_averaged(false)
    }

    /// Refuses anything that would corrupt a run, with the field and a reason.
    pub fn validate(&self) -> Result<(), ConfigError> {
        count_in("width", self.width, 4, MAX_WIDTH)?;
        finite_in("lambda", self.lambda, 0.0, 1000.0, false)?;
        finite_in("clip", self.clip, 0.0, 10.0, true)?;
        count("n_critic", self.n_critic, 100)?;
        finite_in("lr", self.lr, 0.0, 1.0, true)?;
        finite_in("beta1", self.beta1, 0.0, 1.0, false)?;
        finite_in("beta2", self.beta2, 0.0, 1.0, false)?;
        if self.beta1 >= 1.0 || self.beta2 >= 1.0 {
            return Err(err("beta1", ConfigProblem::BetaNotBelowOne));
        }
        count("batch", self.batch, MAX_BATCH)?;
        count("noise_dim", self.noise_dim, 512)?;
        finite_in("ema", self.ema, 0.0, MAX_EMA, false)?;
        if self.digits & ALL_DIGITS == 0 || self.digits & !ALL_DIGITS != 0 {
            return Err(err("digits", ConfigProblem::NoDigits));
        }
        Ok(())
    }

    /// The digits trained on, ascending.
    pub fn digit_list(&self) -> Vec<u8> {
        (0..10).filter(|d| self.digits & (1 << d) != 0).collect()
    }

    /// Whether the critic is updated with RMSProp (WGAN with clipping, as its paper advises:
    /// momentum-based optimisers were unstable there) rather than Adam.
    pub fn uses_rmsprop(&self) -> bool {
        self.loss == LossKind::WganClip
    }
}

/// An MNIST weights file's kind in its metadata (the file is a burn record; see
/// [`crate::share::record_meta`]).
pub const WEIGHTS_KIND: &str = "earthmover-mnist-weights";

/// What an MNIST weights file's header carries.
pub type MnistWeightsMeta = crate::share::weights::Meta<MnistConfig>;

impl ExperimentConfig for MnistConfig {
    const WEIGHTS_KIND: &'static str = WEIGHTS_KIND;

    fn gan(&self) -> GanSettings {
        // WGAN with clipping trains with RMSProp, as its paper advises (momentum was unstable
        // there); everything else with Adam.
        let optimizer = if self.uses_rmsprop() {
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
            lr_half_life: 0,
            optimizer_g: optimizer,
            optimizer_d: optimizer,
            betas: (self.beta1, self.beta2),
            fixed_generator: false,
            seed: self.seed,
            ema: self.ema,
            averaged: self.averaged,
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        MnistConfig::validate(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_field() {
        MnistConfig::default().validate().unwrap();
        let cases = [
            (MnistConfig::default().with_width(2), "width"),
            (MnistConfig::default().with_lr(f64::NAN), "lr"),
            (MnistConfig::default().with_lambda(-1.0), "lambda"),
            (MnistConfig::default().with_batch(0), "batch"),
            (MnistConfig::default().with_digits(0), "digits"),
            (MnistConfig::default().with_digits(1 << 12), "digits"),
            (MnistConfig::default().with_beta2(1.0), "beta1"),
        ];
        for (c, field) in cases {
            assert_eq!(c.validate().unwrap_err().field, field, "{c:?}");
        }
        assert_eq!(
            MnistConfig::default().with_digits(0b11).digit_list(),
            vec![0, 1]
        );
        let json = serde_json::to_string(&MnistConfig::default().with_seed(4)).unwrap();
        assert_eq!(
            serde_json::from_str::<MnistConfig>(&json).unwrap(),
            MnistConfig::default().with_seed(4)
        );
    }
}
