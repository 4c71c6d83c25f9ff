//! The three adversarial objectives of the lecture: BCE (saturating and not), WGAN and WGAN-GP.
//!
//! The critic outputs one unbounded number per sample. For the BCE losses it is a logit and
//! D = sigmoid(logit) only inside the loss (stable softplus forms); for the Wasserstein losses it
//! is the critic's score itself, with no sigmoid and no log, as lecture slide 3 says.

use burn::tensor::Tensor;
use burn::tensor::activation::{relu, softplus};

use crate::input_grad::{critic_input_gradient, safe_row_norm};
use crate::network::{ForwardTrace, Mlp};
use earthmover_core::config::LossKind;

/// The critic loss and the quantities the charts show, all scalar tensors (shape [1]) still on
/// the device: nothing here waits for a read-back.
pub struct CriticLoss {
    /// What the critic minimises.
    pub loss: Tensor<1>,
    /// E[D(real)] − E[D(fake)]: for the Wasserstein losses, the critic's estimate of W1.
    pub w_estimate: Tensor<1>,
    /// The gradient penalty term λ·E[…] (zero for losses without one).
    pub penalty: Tensor<1>,
}

fn mean(t: Tensor<2>) -> Tensor<1> {
    t.mean().reshape([1])
}

fn rows(t: &Tensor<2>, start: usize, len: usize) -> Tensor<2> {
    t.clone().narrow(0, start, len)
}

fn trace_rows(trace: &ForwardTrace, start: usize, len: usize) -> ForwardTrace {
    ForwardTrace {
        output: rows(&trace.output, start, len),
        hidden: trace
            .hidden
            .iter()
            .map(|(h, a)| (rows(h, start, len), rows(a, start, len)))
            .collect(),
    }
}

/// What the losses need from a critic, whatever its layers: scores, and the input-gradient
/// norms of some rows. Images travel as flat rows of 784 pixels, so one loss serves the toy MLP
/// critic and the MNIST conv critic.
pub trait Critic {
    /// D(x) for every row of x, shape [rows, 1].
    fn score(&self, x: Tensor<2>) -> Tensor<2>;
    /// D(x) for every row, and ‖∇ₓD‖ for the rows from `from` on (the interpolates x̂), from one
    /// forward pass.
    fn score_and_norms(&self, x: Tensor<2>, from: usize) -> (Tensor<2>, Tensor<1>);
}

impl Critic for Mlp {
    fn score(&self, x: Tensor<2>) -> Tensor<2> {
        self.forward(x)
    }

    fn score_and_norms(&self, x: Tensor<2>, from: usize) -> (Tensor<2>, Tensor<1>) {
        let rows = x.dims()[0];
        let trace = self.forward_trace(x);
        let tail = trace_rows(&trace, from, rows - from);
        let norms = safe_row_norm(critic_input_gradient(self, &tail));
        (trace.output, norms)
    }
}

/// λ·E[(‖∇D(x̂)‖ − 1)²], or with `one_sided` λ·E[max(0, ‖∇D(x̂)‖ − 1)²], from the norms.
pub fn penalty_from_norms(norms: Tensor<1>, lambda: f64, one_sided: bool) -> Tensor<1> {
    let norms = norms.sub_scalar(1.0);
    let excess = if one_sided { relu(norms) } else { norms };
    excess.square().mean().reshape([1]).mul_scalar(lambda)
}

/// The gradient penalty λ·E[(‖∇D(x̂)‖ − 1)²] (or its one-sided form) from a trace of x̂.
pub fn gradient_penalty(
    critic: &Mlp,
    trace_hat: &ForwardTrace,
    lambda: f64,
    one_sided: bool,
) -> Tensor<1> {
    let norms = safe_row_norm(critic_input_gradient(critic, trace_hat));
    penalty_from_norms(norms, lambda, one_sided)
}

/// x̂ = α·real + (1 − α)·fake with one α per row.
pub fn interpolate(real: Tensor<2>, fake: Tensor<2>, alpha: Tensor<2>) -> Tensor<2> {
    fake.clone() + (real - fake) * alpha
}

/// The critic loss for `kind`. `alpha` ([batch, 1], uniform in [0, 1]) is only used by the
/// penalised losses. Real, fake and interpolates go through the critic as one batch: one set of
/// matrix products instead of three.
pub fn critic_loss<C: Critic>(
    kind: LossKind,
    critic: &C,
    real: Tensor<2>,
    fake: Tensor<2>,
    alpha: Tensor<2>,
    lambda: f64,
) -> CriticLoss {
    let batch = real.dims()[0];
    let device = real.device();
    if kind.has_penalty() {
        let hat = interpolate(real.clone(), fake.clone(), alpha);
        let (out, norms) = critic.score_and_norms(Tensor::cat(vec![real, fake, hat], 0), 2 * batch);
        let d_real = mean(rows(&out, 0, batch));
        let d_fake = mean(rows(&out, batch, batch));
        let penalty = penalty_from_norms(norms, lambda, kind == LossKind::WganGpOneSided);
        CriticLoss {
            loss: d_fake.clone() - d_real.clone() + penalty.clone(),
            w_estimate: d_real - d_fake,
            penalty,
        }
    } else {
        let out = critic.score(Tensor::cat(vec![real, fake], 0));
        let real_out = rows(&out, 0, batch);
        let fake_out = rows(&out, batch, batch);
        let w_estimate = mean(real_out.clone()) - mean(fake_out.clone());
        let loss = if kind.is_wasserstein() {
            w_estimate.clone().neg()
        } else {
            // −E[log D(real)] − E[log(1 − D(fake))] = E[softplus(−l_real)] + E[softplus(l_fake)].
            mean(softplus(real_out.neg(), 1.0)) + mean(softplus(fake_out, 1.0))
        };
        CriticLoss {
            loss,
            w_estimate,
            penalty: Tensor::zeros([1], &device),
        }
    }
}

/// The generator loss on the critic's outputs for fake samples.
pub fn generator_loss(kind: LossKind, fake_out: Tensor<2>) -> Tensor<1> {
    match kind {
        // −E[log D(G(z))].
        LossKind::Bce => mean(softplus(fake_out.neg(), 1.0)),
        // E[log(1 − D(G(z)))] = −E[softplus(l)], minimised.
        LossKind::BceSaturating => mean(softplus(fake_out, 1.0)).neg(),
        // −E[D(G(z))].
        _ => mean(fake_out).neg(),
    }
}

/// ∂(generator loss per sample)/∂(critic output): how strongly the loss pushes each fake
/// sample along ∇ₓD. Constant −1 for the Wasserstein losses; −(1 − D) for the non-saturating
/// BCE loss; −D for the saturating one, which vanishes as D(G(z)) → 0 (lecture slide 2).
pub fn generator_loss_slope(kind: LossKind, fake_out: Tensor<2>) -> Tensor<2> {
    match kind {
        LossKind::Bce => burn::tensor::activation::sigmoid(fake_out.neg()).neg(),
        LossKind::BceSaturating => burn::tensor::activation::sigmoid(fake_out).neg(),
        _ => fake_out.ones_like().neg(),
    }
}

/// The direction each point would be moved by one generator gradient step, −∂L/∂x per sample
/// (without the 1/batch of the mean): the Lab's gradient arrows, shape [n, 2].
pub fn generator_push(kind: LossKind, critic: &Mlp, points: Tensor<2>) -> Tensor<2> {
    let trace = critic.forward_trace(points);
    let slope = generator_loss_slope(kind, trace.output.clone());
    critic_input_gradient(critic, &trace) * slope.neg()
}
