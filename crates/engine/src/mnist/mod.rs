//! MNIST: the WGAN-GP paper's convolutional model (gan_mnist.py) on real digits.
//!
//! - [`nets`]: the conv generator and the conv-or-MLP wrappers.
//! - [`experiment`]: MNIST as an experiment of the one GAN trainer.
//! - [`snapshot`]: what the tab draws (digit grid, interpolation strip, class labels).
//! - [`classifier`]: the small classifier behind the class histogram.
//!
//! What defines a run is plain data in [`earthmover_core::mnist`]; the digits themselves (the
//! asset format) live in [`earthmover_core::share::mnist`].

pub mod classifier;
pub mod experiment;
pub mod nets;
pub mod snapshot;

pub use experiment::{Mnist, MnistTrainer};

/// The MNIST run the worker owns.
pub type MnistSession = crate::session::Session<Mnist>;
