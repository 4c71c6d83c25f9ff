//! The convolutional critic of the WGAN-GP paper's MNIST model (gan_mnist.py): three 5×5,
//! stride-2 convolutions 1 → D → 2D → 4D with LeakyReLU 0.2 and no batch norm, then a linear
//! layer to one value. 28×28 → 14×14 → 7×7 → 4×4.
//!
//! Like [`crate::network::Mlp`], it owns its parameters and keeps each pre-activation in a
//! [`ConvTrace`], so [`crate::input_grad::conv_critic_input_gradient`] can walk it backwards
//! with `conv_transpose2d` (the VJP of a convolution) for the gradient penalty.

use burn::module::{Module, Param};
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};

use crate::input_grad::conv_critic_gradient_norm;
use crate::loss::Critic;
use crate::network::{ActivationOps, Dense, leaf};
use earthmover_core::config::{Activation, LEAKY_SLOPE};
use earthmover_core::rng::Rng;

/// Kernel size, stride and padding of every convolution (as in the reference model).
pub const KERNEL: usize = 5;
pub const STRIDE: usize = 2;
pub const PADDING: usize = 2;
/// MNIST's side.
pub const SIDE: usize = 28;

/// One convolution: weight [out, in, k, k], bias [out].
#[derive(Module, Debug)]
pub struct Conv {
    pub weight: Param<Tensor<4>>,
    pub bias: Param<Tensor<1>>,
}

/// The spatial side after one convolution.
pub fn conv_out(side: usize) -> usize {
    (side + 2 * PADDING - KERNEL) / STRIDE + 1
}

pub fn options() -> ConvOptions<2> {
    ConvOptions::new([STRIDE; 2], [PADDING; 2], [1, 1], 1)
}

/// The convolutional critic.
#[derive(Module, Debug)]
pub struct ConvCritic {
    pub convs: Vec<Conv>,
    pub out: Dense,
}

/// The forward pass and what the input-gradient walk needs: each convolution's input side and
/// its pre-activation h and activation a.
pub struct ConvTrace {
    pub output: Tensor<2>,
    pub hidden: Vec<(Tensor<4>, Tensor<4>)>,
    pub input_sides: Vec<usize>,
}

impl ConvCritic {
    /// A fresh critic of width `d` with He-uniform weights from the seeded generator.
    pub fn new(d: usize, rng: &mut Rng, device: &Device) -> Self {
        let channels = [1, d, 2 * d, 4 * d];
        let convs = channels
            .windows(2)
            .map(|c| {
                let fan_in = c[0] * KERNEL * KERNEL;
                he_conv([c[1], c[0], KERNEL, KERNEL], fan_in, c[1], rng, device)
            })
            .collect();
        let side = conv_out(conv_out(conv_out(SIDE)));
        let out = Dense::he_uniform(4 * d * side * side, 1, rng, device);
        Self { convs, out }
    }

    /// D(x) for images x of shape [batch, 1, 28, 28], shape [batch, 1].
    pub fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_trace(x).output
    }

    /// The output with every pre-activation and activation.
    pub fn forward_trace(&self, x: Tensor<4>) -> ConvTrace {
        let act = Activation::LeakyRelu;
        debug_assert!(
            (LEAKY_SLOPE - 0.2).abs() < 1e-12,
            "the reference model's slope"
        );
        let mut a = x;
        let mut hidden = Vec::with_capacity(self.convs.len());
        let mut input_sides = Vec::with_capacity(self.convs.len());
        for c in &self.convs {
            input_sides.push(a.dims()[2]);
            let h = conv2d(a, c.weight.val(), Some(c.bias.val()), options());
            a = act.apply(h.clone());
            hidden.push((h, a.clone()));
        }
        let [b, ch, hh, ww] = a.dims();
        let output = self.out.forward(a.reshape([b, ch * hh * ww]));
        ConvTrace {
            output,
            hidden,
            input_sides,
        }
    }
}

/// Flat rows of 784 pixels as [batch, 1, 28, 28] images.
pub fn as_images(x: Tensor<2>) -> Tensor<4> {
    let b = x.dims()[0];
    x.reshape([b, 1, SIDE, SIDE])
}

impl ConvCritic {
    /// Clamp every weight and bias to [−c, c] (WGAN's weight clipping); see [`crate::Mlp::clip`].
    pub fn clip(self, c: f64) -> Self {
        let convs = self
            .convs
            .into_iter()
            .map(|l| Conv {
                weight: l.weight.map(|w| leaf(w.clamp(-c, c))),
                bias: l.bias.map(|b| leaf(b.clamp(-c, c))),
            })
            .collect();
        let out = Dense {
            weight: self.out.weight.map(|w| leaf(w.clamp(-c, c))),
            bias: self.out.bias.map(|b| leaf(b.clamp(-c, c))),
        };
        Self { convs, out }
    }
}

impl ConvTrace {
    /// The trace of the batch rows `start..start + len` alone.
    pub fn rows(&self, start: usize, len: usize) -> ConvTrace {
        ConvTrace {
            output: self.output.clone().narrow(0, start, len),
            hidden: self
                .hidden
                .iter()
                .map(|(h, a)| {
                    (
                        h.clone().narrow(0, start, len),
                        a.clone().narrow(0, start, len),
                    )
                })
                .collect(),
            input_sides: self.input_sides.clone(),
        }
    }
}

impl Critic for ConvCritic {
    fn score(&self, x: Tensor<2>) -> Tensor<2> {
        self.forward(as_images(x))
    }

    fn score_and_norms(&self, x: Tensor<2>, from: usize) -> (Tensor<2>, Tensor<1>) {
        let rows = x.dims()[0];
        let trace = self.forward_trace(as_images(x));
        let norms = conv_critic_gradient_norm(self, &trace.rows(from, rows - from));
        (trace.output, norms)
    }
}

/// A convolution's weight [out, in, k, k] (or, transposed, [in, out, k, k]) drawn He-uniform
/// for `fan_in`, with a zero bias of `bias` channels.
pub fn he_conv(
    shape: [usize; 4],
    fan_in: usize,
    bias: usize,
    rng: &mut Rng,
    device: &Device,
) -> Conv {
    let bound = (6.0 / fan_in as f64).sqrt();
    let w: Vec<f32> = (0..shape.iter().product::<usize>())
        .map(|_| rng.uniform_in(-bound, bound) as f32)
        .collect();
    Conv {
        weight: Param::from_data(TensorData::new(w, shape), device),
        bias: Param::from_data(TensorData::new(vec![0f32; bias], [bias]), device),
    }
}
