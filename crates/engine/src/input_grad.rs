//! The critic's input gradient ∇ₓD(x), written as forward tensor ops.
//!
//! Why: the WGAN-GP penalty λ·E[(‖∇ₓ̂D(x̂)‖₂ − 1)²] needs the gradient of a gradient. burn's
//! high-level API offers first-order autodiff only, so instead of asking autodiff for ∇ₓD we write
//! the vector–Jacobian product ourselves, as ordinary differentiable tensor operations built from
//! the same parameters. One first-order backward pass over the penalty then yields its exact
//! parameter gradient (second-order terms included, e.g. tanh's σ'').
//!
//! For the MLP D(x) = W_L·σ(… σ(x·W_1 + b_1) …) + b_L with a single output:
//!   g_L   = 1 · W_Lᵀ                    (the output layer)
//!   g_l-1 = (g_l ⊙ σ'(h_l)) · W_lᵀ      (each hidden layer, last to first)
//! and ∇ₓD = g_0. Tests check it against burn's own first-order input gradient and the penalty's
//! parameter gradient against central finite differences.

use burn::tensor::Tensor;
use burn::tensor::module::conv_transpose2d;
use burn::tensor::ops::ConvTransposeOptions;

use crate::conv::{ConvCritic, ConvTrace, KERNEL, PADDING, STRIDE};
use crate::network::{ActivationOps, ForwardTrace, Mlp};
use earthmover_core::config::Activation;

/// Added under the square root of ‖g‖²: at g = 0 the plain norm's derivative is 0/0 = NaN, while
/// √(‖g‖² + ε) has derivative g/√(…) = 0 there. At f32 precision ε changes no norm above ~1e-5.
pub const NORM_EPS: f64 = 1e-12;

/// ∇ₓD for every row of the batch that produced `trace`, shape [batch, inputs].
pub fn critic_input_gradient(critic: &Mlp, trace: &ForwardTrace) -> Tensor<2> {
    let (last, hidden) = critic
        .layers
        .split_last()
        .expect("an Mlp has an output layer");
    let batch = trace.output.dims()[0];
    let out_w = last.weight.val(); // [width, 1]
    // ∂(Σ D)/∂a_L-1 = 1·W_Lᵀ for every row: a [batch, 1] column of ones times W_Lᵀ.
    let ones = Tensor::<2>::ones([batch, out_w.dims()[1]], &out_w.device());
    let mut g = ones.matmul(out_w.transpose());
    for (layer, (h, a)) in hidden.iter().zip(&trace.hidden).rev() {
        g = (g * critic.activation.derivative(h, a)).matmul(layer.weight.val().transpose());
    }
    g
}

/// ∇ₓD for the convolutional critic, shape [batch, 1, 28, 28].
///
/// The VJP of y = conv2d(x, W) (stride s, padding p) with respect to x is
/// conv_transpose2d(g, W) with the same stride and padding, and an output padding that restores
/// the input's side (a stride-2 convolution maps two sides, e.g. 28 and 27, to the same 14).
/// The walk: the linear layer's weights reshaped to the last feature map, then for each
/// convolution from last to first, g ← conv_transpose2d(g ⊙ σ'(h), W).
pub fn conv_critic_input_gradient(critic: &ConvCritic, trace: &ConvTrace) -> Tensor<4> {
    let batch = trace.output.dims()[0];
    let out_w = critic.out.weight.val(); // [features, 1]
    let ones = Tensor::<2>::ones([batch, 1], &out_w.device());
    let (_, last_a) = trace.hidden.last().expect("the critic has convolutions");
    let mut g = ones.matmul(out_w.transpose()).reshape(last_a.dims());
    for ((conv, (h, a)), &side) in critic
        .convs
        .iter()
        .zip(&trace.hidden)
        .zip(&trace.input_sides)
        .rev()
    {
        let out_side = h.dims()[2];
        let padding_out = side - ((out_side - 1) * STRIDE + KERNEL - 2 * PADDING);
        let options =
            ConvTransposeOptions::new([STRIDE; 2], [PADDING; 2], [padding_out; 2], [1, 1], 1);
        g = conv_transpose2d(
            g * Activation::LeakyRelu.derivative(h, a),
            conv.weight.val(),
            None,
            options,
        );
    }
    g
}

/// ‖∇ₓD(x)‖ per image for the convolutional critic, safe at zero.
pub fn conv_critic_gradient_norm(critic: &ConvCritic, trace: &ConvTrace) -> Tensor<1> {
    let g = conv_critic_input_gradient(critic, trace);
    let [b, c, h, w] = g.dims();
    safe_row_norm(g.reshape([b, c * h * w]))
}

/// The Euclidean norm of each row, safe at zero (see [`NORM_EPS`]), shape [batch].
pub fn safe_row_norm(g: Tensor<2>) -> Tensor<1> {
    g.square()
        .sum_dim(1)
        .add_scalar(NORM_EPS)
        .sqrt()
        .squeeze_dim(1)
}

/// ‖∇ₓD(x)‖ for each row of `x`.
pub fn critic_gradient_norm(critic: &Mlp, x: Tensor<2>) -> Tensor<1> {
    let trace = critic.forward_trace(x);
    safe_row_norm(critic_input_gradient(critic, &trace))
}
