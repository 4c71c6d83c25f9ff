//! MNIST: the WGAN-GP paper's convolutional model (gan_mnist.py) on real digits.
//!
//! - [`config`]: what defines a run (plain data, so the page can validate it).
//! - [`nets`]: the conv generator and the conv-or-MLP wrappers.
//! - [`trainer`]: the step-wise trainer, sharing the toy trainer's losses and optimisers.
//! - [`classifier`]: the small classifier behind the class histogram.
//!
//! The digits themselves (the asset format) live in [`crate::share::mnist`].

pub mod config;

#[cfg(feature = "training")]
pub mod classifier;
#[cfg(feature = "training")]
pub mod nets;
#[cfg(feature = "training")]
pub mod trainer;

pub use config::{MnistArch, MnistConfig};
#[cfg(feature = "training")]
pub use trainer::MnistTrainer;
