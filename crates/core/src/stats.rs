//! The statistics a training step reports.

/// One step's statistics on the host (see `trainer::StepStats` for the device form). Plain
/// data, shared by the CLI, the worker's snapshots and the page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// E[D(real)] − E[D(fake)] of the last critic step (the Wasserstein estimate).
    pub w_estimate: f32,
    /// The gradient penalty term λ·E[…] of the last critic step.
    pub penalty: f32,
    /// The critic loss of the last critic step.
    pub critic_loss: f32,
    /// The generator loss (not meaningful on its own: it depends on the critic's offset).
    pub g_loss: f32,
    /// Mean length of −∂L_G/∂x over the fake batch: how hard the generator is pushed.
    pub g_push: f32,
    /// ‖∂L_D/∂W_l‖ for each critic layer, input layer first.
    pub layer_grad_norms: Vec<f32>,
}

impl Stats {
    /// Whether every number is finite: a NaN or ∞ means the step diverged.
    pub fn is_finite(&self) -> bool {
        [
            self.w_estimate,
            self.penalty,
            self.critic_loss,
            self.g_loss,
            self.g_push,
        ]
        .iter()
        .chain(&self.layer_grad_norms)
        .all(|v| v.is_finite())
    }
}
