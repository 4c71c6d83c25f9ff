//! The Lab's trained-weights file: what "Save weights" downloads and "Load weights" reads back.
//!
//! It is a burn record (burnpack, from `Module::into_record` on the generator–critic pair; see
//! `engine::record`), so burn tools read its tensors by name (`generator.layers.0.weight`, …).
//! Its metadata carries this kind and, as JSON, the full training configuration and the
//! generator step: a loaded file rebuilds exactly the networks it came from. The same bytes
//! carry the worker's periodic checkpoints, from which the page restarts training on the CPU if
//! the GPU is lost.

use serde::{Deserialize, Serialize};

use super::record_meta;
use crate::engine::TrainConfig;

/// The file's kind in its metadata.
pub const KIND: &str = "earthmover-lab-weights";

/// What a Lab weights file says about itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightsMeta {
    /// The configuration the weights were trained with; it fixes the networks' shapes.
    pub config: TrainConfig,
    /// Generator steps taken when the weights were saved.
    pub step: u64,
}

/// Reads a Lab weights file's settings and checks them (the page does this before asking the
/// worker, which checks the tensors). Every failure is a sentence for the student.
pub fn meta(bytes: &[u8]) -> Result<WeightsMeta, String> {
    let meta: WeightsMeta = record_meta::read(bytes, KIND)?;
    meta.config.validate().map_err(|e| e.message)?;
    Ok(meta)
}
