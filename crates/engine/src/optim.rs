//! One network's optimiser: Adam, RMSProp or SGD from burn, with a learning rate that may change
//! at every step and betas that may change without losing Adam's moment estimates.

use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, RmsPropConfig, SgdConfig};

use burn::module::Module;

use earthmover_core::config::OptimizerKind;

/// PyTorch's Adam ε, which the reference scripts ran with (burn's default is 1e-5).
const ADAM_EPSILON: f32 = 1e-8;

/// An optimiser with its kind and betas, so changes can be detected.
#[derive(Clone)]
pub struct NetOptimizer {
    kind: OptimizerKind,
    betas: (f64, f64),
    inner: ModuleOptimizer,
}

fn build(kind: OptimizerKind, betas: (f64, f64)) -> ModuleOptimizer {
    match kind {
        OptimizerKind::Adam => AdamConfig::new()
            .with_beta_1(betas.0 as f32)
            .with_beta_2(betas.1 as f32)
            .with_epsilon(ADAM_EPSILON)
            .init(),
        // No momentum: the WGAN paper's RMSProp.
        OptimizerKind::RmsProp => RmsPropConfig::new()
            .with_momentum(0.0)
            .with_epsilon(ADAM_EPSILON)
            .init(),
        OptimizerKind::Sgd => SgdConfig::new().init(),
    }
}

impl NetOptimizer {
    /// A fresh optimiser with no state.
    pub fn new(kind: OptimizerKind, betas: (f64, f64)) -> Self {
        Self {
            kind,
            betas,
            inner: build(kind, betas),
        }
    }

    /// The current kind.
    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// Switch kind or betas. The same kind keeps its per-parameter state (Adam's moments and
    /// step count); another kind starts fresh, since its state means something else.
    pub fn reconfigure(&mut self, kind: OptimizerKind, betas: (f64, f64)) {
        if kind == self.kind && betas == self.betas {
            return;
        }
        let mut next = build(kind, betas);
        if kind == self.kind {
            next = next.load_record(self.inner.to_record());
        }
        self.kind = kind;
        self.betas = betas;
        self.inner = next;
    }

    /// One update of `net` from gradients of a loss with respect to its parameters.
    pub fn step<M: Module>(&mut self, lr: f64, net: M, grads: GradientsParams) -> M {
        self.inner.step(lr, net, grads)
    }
}

/// The gradients of `net`'s parameters in `grads` (other networks' entries are ignored).
pub fn gradients_of<M: Module>(net: &M, grads: burn::tensor::Gradients) -> GradientsParams {
    GradientsParams::from_grads(grads, net)
}
