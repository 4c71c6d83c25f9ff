//! Sharing and importing state without a server: the URL hash, pasted CSV, weights files and
//! the MNIST asset.

pub mod csv;
pub mod line_link;
pub mod link;
pub mod metrics;
pub mod mnist;
pub mod mnist_link;
pub mod record_meta;
pub mod url;
pub mod weights;
