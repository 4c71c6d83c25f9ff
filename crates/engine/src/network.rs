//! The generator and critic: plain multilayer perceptrons with explicit parameters.
//!
//! Why not `burn::nn::Linear`? The gradient penalty needs the critic's input gradient as forward
//! tensor ops (see [`crate::input_grad`]), which means walking the layers backwards with
//! each layer's weight and pre-activation in hand. Owning the parameters makes that walk, weight
//! clipping, per-layer statistics and host-side seeded initialisation all direct.
//!
//! There is deliberately no batch normalisation: WGAN-GP penalises the gradient of each sample
//! independently, which batch norm would break.

use burn::module::{Module, Param};
use burn::tensor::activation;
use burn::tensor::{Device, Tensor, TensorData};
use earthmover_core::config::{Activation, LEAKY_SLOPE};
use earthmover_core::rng::Rng;

/// The tensor forms of each [`Activation`].
pub trait ActivationOps {
    /// σ(h).
    fn apply<const D: usize>(self, h: Tensor<D>) -> Tensor<D>;
    /// σ'(h), from the pre-activation h and the activation a = σ(h).
    fn derivative<const D: usize>(self, h: &Tensor<D>, a: &Tensor<D>) -> Tensor<D>;
}

impl ActivationOps for Activation {
    /// σ(h).
    fn apply<const D: usize>(self, h: Tensor<D>) -> Tensor<D> {
        match self {
            Activation::Relu => activation::relu(h),
            Activation::LeakyRelu => activation::leaky_relu(h, LEAKY_SLOPE),
            Activation::Tanh => activation::tanh(h),
        }
    }

    /// σ'(h), written so that autodiff sees its true dependence on the parameters: for ReLU and
    /// LeakyReLU it is a piecewise-constant mask (its derivative is zero almost everywhere), for
    /// tanh it is 1 − a² with a = tanh(h) taken from the graph, so the penalty's parameter
    /// gradient includes the second-derivative term.
    fn derivative<const D: usize>(self, h: &Tensor<D>, a: &Tensor<D>) -> Tensor<D> {
        match self {
            Activation::Relu => h.clone().greater_elem(0.0).float(),
            Activation::LeakyRelu => h
                .clone()
                .greater_elem(0.0)
                .float()
                .mul_scalar(1.0 - LEAKY_SLOPE)
                .add_scalar(LEAKY_SLOPE),
            Activation::Tanh => a.clone().square().neg().add_scalar(1.0),
        }
    }
}

/// `t` as a fresh trainable leaf: detached from any graph, and tracked where autodiff is on.
pub(crate) fn leaf<const D: usize>(t: Tensor<D>) -> Tensor<D> {
    let t = t.detach();
    if t.is_autodiff() { t.require_grad() } else { t }
}

/// One affine layer, x·W + b, with W stored as [inputs, outputs].
#[derive(Module, Debug)]
pub struct Dense {
    /// [inputs, outputs].
    pub weight: Param<Tensor<2>>,
    /// [outputs].
    pub bias: Param<Tensor<1>>,
}

impl Dense {
    /// He-uniform weights U(±√(6/fan_in)) and zero biases, as the reference toy script's
    /// initialiser, drawn from the engine's seeded generator.
    pub fn he_uniform(inputs: usize, outputs: usize, rng: &mut Rng, device: &Device) -> Self {
        let bound = (6.0 / inputs as f64).sqrt();
        let w: Vec<f32> = (0..inputs * outputs)
            .map(|_| rng.uniform_in(-bound, bound) as f32)
            .collect();
        Self {
            weight: Param::from_data(TensorData::new(w, [inputs, outputs]), device),
            bias: Param::from_data(TensorData::new(vec![0f32; outputs], [outputs]), device),
        }
    }

    /// x·W + b.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        x.matmul(self.weight.val()) + self.bias.val().unsqueeze()
    }

    /// [inputs, outputs].
    pub fn dims(&self) -> [usize; 2] {
        self.weight.shape().dims()
    }
}

/// A multilayer perceptron: `hidden` layers of width `width` with an activation, then a linear
/// output layer. Used for both the generator (noise → 2D point) and the critic (2D point → score).
#[derive(Module, Debug)]
pub struct Mlp {
    /// Hidden layers first, output layer last.
    pub layers: Vec<Dense>,
    /// The nonlinearity after every hidden layer (never after the output).
    #[module(skip)]
    pub activation: Activation,
}

/// What the forward pass keeps for the input-gradient walk: each hidden layer's pre-activation
/// h and activation a = σ(h).
pub struct ForwardTrace {
    /// The network's output.
    pub output: Tensor<2>,
    /// (h, a) per hidden layer, first layer first.
    pub hidden: Vec<(Tensor<2>, Tensor<2>)>,
}

impl Mlp {
    /// A freshly initialised network `inputs → width ×depth → outputs`.
    pub fn new(
        inputs: usize,
        width: usize,
        depth: usize,
        outputs: usize,
        activation: Activation,
        rng: &mut Rng,
        device: &Device,
    ) -> Self {
        let mut layers = Vec::with_capacity(depth + 1);
        let mut fan_in = inputs;
        for _ in 0..depth {
            layers.push(Dense::he_uniform(fan_in, width, rng, device));
            fan_in = width;
        }
        layers.push(Dense::he_uniform(fan_in, outputs, rng, device));
        Self { layers, activation }
    }

    /// The network's output.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let (last, hidden) = self
            .layers
            .split_last()
            .expect("an Mlp has an output layer");
        let x = hidden
            .iter()
            .fold(x, |x, layer| self.activation.apply(layer.forward(x)));
        last.forward(x)
    }

    /// The output together with every hidden pre-activation and activation.
    pub fn forward_trace(&self, x: Tensor<2>) -> ForwardTrace {
        let (last, hidden_layers) = self
            .layers
            .split_last()
            .expect("an Mlp has an output layer");
        let mut hidden = Vec::with_capacity(hidden_layers.len());
        let mut x = x;
        for layer in hidden_layers {
            let h = layer.forward(x);
            let a = self.activation.apply(h.clone());
            hidden.push((h, a.clone()));
            x = a;
        }
        ForwardTrace {
            output: last.forward(x),
            hidden,
        }
    }

    /// Input dimension.
    pub fn inputs(&self) -> usize {
        self.layers[0].dims()[0]
    }

    /// A copy on `device` whose parameters are fresh leaves there (a plain `to_device` would
    /// record the transfer in the autodiff graph).
    pub fn moved_to(&self, device: &Device) -> Self {
        let layers = self
            .layers
            .iter()
            .map(|l| Dense {
                weight: l.weight.clone().map(|w| leaf(w.to_device(device))),
                bias: l.bias.clone().map(|b| leaf(b.to_device(device))),
            })
            .collect();
        Self {
            layers,
            activation: self.activation,
        }
    }

    /// Clamp every weight and bias to [−c, c]: WGAN's (crude) way to bound the Lipschitz constant.
    pub fn clip(self, c: f64) -> Self {
        let layers = self
            .layers
            .into_iter()
            // Detached and re-marked as leaves: clipping is a projection after the optimiser
            // step, not part of any graph a later backward pass should walk.
            .map(|l| Dense {
                weight: l.weight.map(|w| leaf(w.clamp(-c, c))),
                bias: l.bias.map(|b| leaf(b.clamp(-c, c))),
            })
            .collect();
        Self {
            layers,
            activation: self.activation,
        }
    }
}
