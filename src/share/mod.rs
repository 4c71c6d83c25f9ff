//! Sharing and importing state without a server: the URL hash and pasted CSV.

pub mod csv;
pub mod url;
