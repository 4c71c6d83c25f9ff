//! The convolutional critic of the WGAN-GP paper's MNIST model (gan_mnist.py): three 5×5,
//! stride-2 convolutions 1 → D → 2D → 4D with LeakyReLU 0.2 and no batch norm, then a linear
//! layer to one value. 28×28 → 14×14 → 7×7 → 4×4.
//!
//! Like [`super::network::Mlp`], it owns its parameters and keeps each pre-activation in a
//! [`ConvTrace`], so [`super::input_grad::conv_critic_input_gradient`] can walk it backwards
//! with `conv_transpose2d` (the VJP of a convolution) for the gradient penalty.

use burn::module::{Module, Param};
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};

use super::config::{Activation, LEAKY_SLOPE};
use super::network::{ActivationOps, Dense};
use super::rng::Rng;

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
                let bound = (6.0 / fan_in as f64).sqrt();
                let n = c[1] * fan_in;
                let w: Vec<f32> = (0..n)
                    .map(|_| rng.uniform_in(-bound, bound) as f32)
                    .collect();
                Conv {
                    weight: Param::from_data(
                        TensorData::new(w, [c[1], c[0], KERNEL, KERNEL]),
                        device,
                    ),
                    bias: Param::from_data(TensorData::new(vec![0f32; c[1]], [c[1]]), device),
                }
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
