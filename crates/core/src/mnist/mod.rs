//! What defines an MNIST run: plain data, so the page can validate it without burn. The conv
//! networks and their trainer are in the engine; the digits' asset format is
//! [`crate::share::mnist`].

pub mod config;

pub use config::{MnistArch, MnistConfig};
