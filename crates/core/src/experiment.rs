//! What every GAN experiment's configuration has in common, as the one trainer reads it.
//!
//! The toy 2D, MNIST (and any later) experiments each keep their own configuration type, with
//! their own field names, defaults and limits, because that is what their links and weights
//! files carry. The engine's single GAN step reads only [`GanSettings`], so warm-up, learning
//! rate schedule, clipping and the penalty mean the same thing in every experiment.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::{ConfigError, LossKind, OptimizerKind};

/// The settings of one GAN step, whatever the data and networks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GanSettings {
    pub loss: LossKind,
    pub lambda: f64,
    pub clip: f64,
    pub batch: usize,
    pub noise_dim: usize,
    pub n_critic: usize,
    /// WGAN's schedule: 100 critic steps for the first 25 generator steps and every 500th.
    pub warmup: bool,
    pub lr_g: f64,
    pub lr_d: f64,
    /// Halve both learning rates every this many generator steps (0: constant).
    pub lr_half_life: u64,
    pub optimizer_g: OptimizerKind,
    pub optimizer_d: OptimizerKind,
    pub betas: (f64, f64),
    /// Hold the generator at real + N(0, 1) noise and train the critic alone.
    pub fixed_generator: bool,
    pub seed: u64,
    /// Decay β of the exponential moving average of the generator's weights (Yazıcı et al.
    /// 2019); 0 keeps no average. Training never reads the average: only what is drawn does.
    pub ema: f64,
    /// Draw samples and their metrics from the averaged generator ("averaged G") rather than
    /// the generator being trained ("raw G"). With `ema` 0 both are the same network.
    pub averaged: bool,
}

impl GanSettings {
    /// The learning-rate multiplier at generator step `g_step`: 0.5^(g_step / half-life).
    pub fn lr_factor(&self, g_step: u64) -> f64 {
        if self.lr_half_life == 0 {
            1.0
        } else {
            0.5f64.powf(g_step as f64 / self.lr_half_life as f64)
        }
    }

    /// The averaging weight for the update after generator step `g_step` (0-based):
    /// min(β, (1 + t)/(10 + t)). The ramp (TensorFlow's `num_updates` rule) lets the average
    /// forget the random initial generator within tens of steps instead of 1/(1 − β).
    pub fn ema_decay_at(&self, g_step: u64) -> f64 {
        let t = g_step as f64;
        self.ema.min((1.0 + t) / (10.0 + t))
    }

    /// Critic steps before generator step `g_step` (0-based), honouring the warm-up schedule.
    pub fn critic_steps_at(&self, g_step: u64) -> usize {
        if self.warmup && (g_step < 25 || g_step.is_multiple_of(500)) {
            100.max(self.n_critic)
        } else {
            self.n_critic
        }
    }
}

/// An experiment's configuration: what a link and a weights file carry.
pub trait ExperimentConfig:
    Clone + std::fmt::Debug + PartialEq + Serialize + DeserializeOwned + Send + 'static
{
    /// The weights files' kind in their metadata (so a Lab file is never loaded as MNIST's).
    const WEIGHTS_KIND: &'static str;
    /// The settings the GAN step reads.
    fn gan(&self) -> GanSettings;
    /// Refuses anything that would corrupt a run, naming the field.
    fn validate(&self) -> Result<(), ConfigError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TrainConfig;
    use crate::mnist::MnistConfig;

    #[test]
    fn warm_up_and_schedule_are_read_the_same_way_for_every_experiment() {
        let toy = TrainConfig::new().with_warmup(true).with_n_critic(5).gan();
        let mnist = MnistConfig::default()
            .with_warmup(true)
            .with_n_critic(5)
            .gan();
        for g in [toy, mnist] {
            assert_eq!(g.critic_steps_at(0), 100);
            assert_eq!(g.critic_steps_at(24), 100);
            assert_eq!(g.critic_steps_at(25), 5);
            assert_eq!(g.critic_steps_at(500), 100);
            assert_eq!(g.critic_steps_at(501), 5);
        }
        let off = MnistConfig::default().gan();
        assert_eq!(off.critic_steps_at(0), off.n_critic);
        assert_eq!(off.lr_factor(10_000), 1.0);
        let halving = TrainConfig::new().with_lr_half_life(100).gan();
        assert!((halving.lr_factor(200) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn mnist_clipping_trains_both_networks_with_rmsprop() {
        let clip = MnistConfig::default().with_loss(LossKind::WganClip).gan();
        assert_eq!(
            (clip.optimizer_g, clip.optimizer_d),
            (OptimizerKind::RmsProp, OptimizerKind::RmsProp)
        );
        let gp = MnistConfig::default().gan();
        assert_eq!(gp.optimizer_d, OptimizerKind::Adam);
        assert_eq!((gp.lr_g, gp.lr_d), (1e-3, 1e-3));
        assert!(!gp.fixed_generator);
    }
}
