//! The MNIST networks: the paper's conv generator, and conv-or-MLP wrappers the trainer holds.
//!
//! Images travel as flat rows of 784 grey levels in [0, 1] (the generator ends in a sigmoid),
//! so the same loss code ([`crate::loss::critic_loss`]) serves toy points and digits.
//! The wrappers hold one of two architectures as an `Option` pair, which burn's `Module` derive
//! supports, so optimisers, `no_grad` and `valid` work on either.

use burn::module::Module;
use burn::tensor::activation::{relu, sigmoid};
use burn::tensor::module::conv_transpose2d;
use burn::tensor::ops::ConvTransposeOptions;
use burn::tensor::{Device, Tensor};

use crate::conv::{Conv, ConvCritic, KERNEL, PADDING, STRIDE, he_conv};
use crate::loss::Critic;
use crate::network::{Dense, Mlp};
use earthmover_core::config::Activation;
use earthmover_core::mnist::config::{MnistArch, MnistConfig};
use earthmover_core::rng::Rng;
use earthmover_core::share::mnist::PIXELS;

/// Logits below this give a pixel of exactly 0 (σ(−40) ≈ 4e-18, far below a grey level's
/// 1/255).
///
/// Why: nothing stops a generator from pushing its background ever darker, and after about
/// 1,200 steps of the tab's default run σ of the darkest logits falls below 2⁻¹²⁶ (0.3 % of the
/// pixels by step 2,000, growing). Such subnormal floats, and the critic's products with them,
/// take the CPU's slow path on x86, which a native build could switch off (MXCSR's
/// flush-to-zero) but wasm cannot, so the browser's MNIST run slowed as it trained. Exact zeros
/// cost nothing. The logits are clamped before the sigmoid too, so neither σ nor its
/// derivative is ever subnormal; those pixels' gradient (at most σ′(−40)) is dropped.
pub const DARKEST_LOGIT: f64 = -40.0;

/// Grey levels σ(logits), with pixels below [`DARKEST_LOGIT`] exactly 0.
pub fn grey_levels(logits: Tensor<2>) -> Tensor<2> {
    let dark = logits.clone().lower_elem(DARKEST_LOGIT);
    sigmoid(logits.clamp_min(DARKEST_LOGIT)).mask_fill(dark, 0.0)
}

/// The side of the generator's first feature map (4×4, as in gan_mnist.py).
const START: usize = 4;
/// Output padding of each transposed convolution: 4 → 7 → 14 → 28. (The reference crops its
/// 8×8 map to 7×7; here the first layer maps 4 to 7 directly.)
const OUTPUT_PADDING: [usize; 3] = [0, 1, 1];

/// The paper's generator: linear to 4·4·4D, ReLU, three 5×5 stride-2 transposed convolutions
/// 4D → 2D → D → 1 with ReLU between, and a sigmoid ([`grey_levels`]).
#[derive(Module, Debug)]
pub struct ConvGenerator {
    pub input: Dense,
    /// Transposed convolutions, weight [in, out, k, k].
    pub deconvs: Vec<Conv>,
}

impl ConvGenerator {
    pub fn new(noise_dim: usize, d: usize, rng: &mut Rng, device: &Device) -> Self {
        let input = Dense::he_uniform(noise_dim, START * START * 4 * d, rng, device);
        let channels = [4 * d, 2 * d, d, 1];
        let deconvs = channels
            .windows(2)
            .map(|c| {
                // Each output pixel of a stride-2 transposed conv sees a quarter of the kernel.
                let fan_in = c[0] * KERNEL * KERNEL / (STRIDE * STRIDE);
                he_conv([c[0], c[1], KERNEL, KERNEL], fan_in, c[1], rng, device)
            })
            .collect();
        Self { input, deconvs }
    }

    /// Images for noise rows z, shape [batch, 784], values in (0, 1).
    pub fn forward(&self, z: Tensor<2>) -> Tensor<2> {
        let batch = z.dims()[0];
        let channels = self.deconvs[0].weight.dims()[0];
        let mut x = relu(self.input.forward(z)).reshape([batch, channels, START, START]);
        let last = self.deconvs.len() - 1;
        for (i, (c, pad)) in self.deconvs.iter().zip(OUTPUT_PADDING).enumerate() {
            let options = ConvTransposeOptions::new([STRIDE; 2], [PADDING; 2], [pad; 2], [1, 1], 1);
            x = conv_transpose2d(x, c.weight.val(), Some(c.bias.val()), options);
            if i < last {
                x = relu(x);
            }
        }
        grey_levels(x.reshape([batch, PIXELS]))
    }
}

/// The generator of either architecture.
#[derive(Module, Debug)]
pub struct ImageGenerator {
    pub conv: Option<ConvGenerator>,
    /// noise → 256 → 512 → 784 with ReLU; the sigmoid ([`grey_levels`]) is applied in
    /// [`ImageGenerator::forward`].
    pub mlp: Option<Mlp>,
}

impl ImageGenerator {
    pub fn new(config: &MnistConfig, rng: &mut Rng, device: &Device) -> Self {
        match config.arch {
            MnistArch::Conv => Self {
                conv: Some(ConvGenerator::new(
                    config.noise_dim,
                    config.width,
                    rng,
                    device,
                )),
                mlp: None,
            },
            MnistArch::Mlp => Self {
                conv: None,
                mlp: Some(mlp(
                    &[config.noise_dim, 256, 512, PIXELS],
                    Activation::Relu,
                    rng,
                    device,
                )),
            },
        }
    }

    /// Images for noise rows z, shape [batch, 784], values in (0, 1).
    pub fn forward(&self, z: Tensor<2>) -> Tensor<2> {
        match (&self.conv, &self.mlp) {
            (Some(g), _) => g.forward(z),
            (None, Some(g)) => grey_levels(g.forward(z)),
            (None, None) => unreachable!("an ImageGenerator holds one network"),
        }
    }
}

/// The critic of either architecture.
#[derive(Module, Debug)]
pub struct ImageCritic {
    pub conv: Option<ConvCritic>,
    /// 784 → 512 → 256 → 1 with LeakyReLU 0.2.
    pub mlp: Option<Mlp>,
}

impl ImageCritic {
    pub fn new(config: &MnistConfig, rng: &mut Rng, device: &Device) -> Self {
        match config.arch {
            MnistArch::Conv => Self {
                conv: Some(ConvCritic::new(config.width, rng, device)),
                mlp: None,
            },
            MnistArch::Mlp => Self {
                conv: None,
                mlp: Some(mlp(
                    &[PIXELS, 512, 256, 1],
                    Activation::LeakyRelu,
                    rng,
                    device,
                )),
            },
        }
    }

    fn net(&self) -> &dyn Critic {
        match (&self.conv, &self.mlp) {
            (Some(d), _) => d,
            (None, Some(d)) => d,
            (None, None) => unreachable!("an ImageCritic holds one network"),
        }
    }

    /// Clamps every parameter to [−c, c] (WGAN's weight clipping).
    pub fn clip(self, c: f64) -> Self {
        Self {
            conv: self.conv.map(|d| d.clip(c)),
            mlp: self.mlp.map(|d| d.clip(c)),
        }
    }
}

impl Critic for ImageCritic {
    fn score(&self, x: Tensor<2>) -> Tensor<2> {
        self.net().score(x)
    }

    fn score_and_norms(&self, x: Tensor<2>, from: usize) -> (Tensor<2>, Tensor<1>) {
        self.net().score_and_norms(x, from)
    }
}

/// An MLP with the given layer sizes (He-uniform, zero biases).
fn mlp(sizes: &[usize], activation: Activation, rng: &mut Rng, device: &Device) -> Mlp {
    let layers = sizes
        .windows(2)
        .map(|s| Dense::he_uniform(s[0], s[1], rng, device))
        .collect();
    Mlp { layers, activation }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::to_host;
    use burn::tensor::TensorData;

    /// Neither a grey level nor its gradient is ever a subnormal float, over logits from the
    /// far dark to the far bright; pixels darker than the cut are exactly 0 and carry no
    /// gradient, the rest are σ exactly, with σ′ as their gradient.
    #[test]
    fn grey_levels_are_sigmoid_without_subnormals() {
        let device = Device::flex().autodiff();
        let logits: Vec<f32> = (-2000..=400).map(|i| i as f32 * 0.25).collect();
        let n = logits.len();
        let x =
            Tensor::<2>::from_data(TensorData::new(logits.clone(), [1, n]), &device).require_grad();
        let y = grey_levels(x.clone());
        let grads = y.clone().sum().backward();
        let (y, g) = (to_host(y), to_host(x.grad(&grads).expect("a gradient")));
        let subnormal = |v: f32| v != 0.0 && v.abs() < f32::MIN_POSITIVE;
        for ((&l, &y), &g) in logits.iter().zip(&y).zip(&g) {
            assert!(
                !subnormal(y) && !subnormal(g),
                "logit {l}: σ {y:e}, σ′ {g:e}"
            );
            let s = 1.0 / (1.0 + (-(l as f64)).exp());
            if (l as f64) < DARKEST_LOGIT {
                assert_eq!((y, g), (0.0, 0.0), "logit {l}");
            } else {
                assert!(
                    (y as f64 - s).abs() <= 1e-6 * s.max(1e-30),
                    "logit {l}: {y} vs {s}"
                );
                // σ′ = σ(1 − σ) in f32 loses digits where σ nears 1.
                let ds = s * (1.0 - s);
                assert!(
                    (g as f64 - ds).abs() <= 1e-4 * ds + 1e-7,
                    "logit {l}: σ′ {g} vs {ds}"
                );
            }
        }
        // Plain σ would have made subnormals here: the cut is what removes them.
        let plain = to_host(sigmoid(Tensor::<2>::from_data(
            TensorData::new(logits.clone(), [1, n]),
            &device,
        )));
        assert!(plain.iter().any(|&v| subnormal(v)));
    }
}
