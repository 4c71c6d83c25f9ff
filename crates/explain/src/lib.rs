//! The exact math behind the explainer panels (lecture slides 2, 3, 4 and 8).
//!
//! Plain Rust, no UI and no burn: the page computes every number it shows from these functions,
//! and the native tests check each one against brute force (dense sampling, enumeration, grid
//! search or direct sums), so a panel can never show a canned value.
//!
//! - [`transport1d`]: W1 between two 1D histograms, its optimal plan, KL and JS.
//! - [`parallel_lines`]: the WGAN paper's Example 1, computed on discretised lines.
//! - [`saturation`]: the generator's gradient against D(G(z)) for BCE and Wasserstein losses.
//! - [`lipschitz`]: test curves, their Lipschitz constants and cone violations.
//! - [`norms`]: L1/L2/L∞ lengths, taxicab staircases and shortest-lattice-path counts.
//! - [`sparsity`]: the exact optimum of a quadratic loss on the L1 and L2 balls.
//!
//! 2D matching reuses [`earthmover_core::metrics::emd`], which the Lab's EMD metric also uses.

pub mod lipschitz;
pub mod norms;
pub mod parallel_lines;
pub mod saturation;
pub mod sparsity;
pub mod transport1d;

#[cfg(test)]
pub(crate) mod properties;
