//! Sharing and importing state without a server: the URL hash, pasted CSV and weights files.

pub mod csv;
pub mod metrics;
pub mod url;
pub mod weights;
