//! The Lab's trained-weights file: what "Save weights" downloads and "Load weights" reads back.
//!
//! It is a burn record (burnpack, from `Module::into_record` on the generator–critic pair; see
//! `engine::record`), so burn tools read its tensors by name (`generator.layers.0.weight`, …).
//! Its metadata carries this kind and, as JSON, the full training configuration and the
//! generator step: a loaded file rebuilds exactly the networks it came from. The same bytes
//! carry the worker's periodic checkpoints, from which the page restarts training on the CPU if
//! the GPU is lost.

use serde::{Deserialize, Serialize};

use super::record_meta::{self, WeightsProblem};
use crate::config::TrainConfig;
use crate::experiment::ExperimentConfig;

/// The file's kind in its metadata.
pub const KIND: &str = "earthmover-lab-weights";

/// What a weights file says about itself, for any experiment: the configuration that rebuilds
/// its networks exactly, and the generator step it was saved at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta<C> {
    /// The configuration the weights were trained with; it fixes the networks' shapes.
    pub config: C,
    /// Generator steps taken when the weights were saved.
    pub step: u64,
}

/// What a Lab weights file says about itself.
pub type WeightsMeta = Meta<TrainConfig>;

/// Reads a weights file's settings for experiment configuration `C` and checks them (the page
/// does this before asking the worker, which checks the tensors). A file of another experiment
/// is refused by its kind.
pub fn read<C: ExperimentConfig>(bytes: &[u8]) -> Result<Meta<C>, WeightsProblem> {
    let meta: Meta<C> = record_meta::read(bytes, C::WEIGHTS_KIND)?;
    meta.config
        .validate()
        .map_err(|e| WeightsProblem::Invalid {
            field: e.field.into(),
            problem: e.problem,
        })?;
    Ok(meta)
}

/// Reads a Lab weights file's settings and checks them.
pub fn meta(bytes: &[u8]) -> Result<WeightsMeta, WeightsProblem> {
    read(bytes)
}
