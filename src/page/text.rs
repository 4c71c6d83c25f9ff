//! Sentences for people, made here and only here: the worker and the libraries send codes
//! with their data ([`Refusal`], [`ConfigProblem`], [`BackendReason`], a divergence's steps),
//! and this module puts them in words. Every sentence a student reads about a refusal goes
//! through one function here, so adding a language is one more arm per function.

use earthmover_core::config::ConfigProblem;
use earthmover_protocol::{BackendReason, Refusal};

/// What is wrong with a field, e.g. "must be between 1 and 2048, got 0".
pub fn config_problem(p: &ConfigProblem) -> String {
    match p {
        ConfigProblem::Count { min, max, got } => {
            format!("must be between {min} and {max}, got {got}")
        }
        ConfigProblem::Number {
            lo,
            hi,
            open_lo,
            got,
        } => {
            let bracket = if *open_lo { "(" } else { "[" };
            format!("must be a number in {bracket}{lo}, {hi}], got {got}")
        }
        ConfigProblem::BetaNotBelowOne => "Adam's betas must be below 1".into(),
        ConfigProblem::NoDigits => "choose at least one digit from 0 to 9".into(),
        ConfigProblem::NoneOfTheDigits => "the data has none of the chosen digits".into(),
        ConfigProblem::NetworkTooLarge => "too large a network for a browser tab".into(),
    }
}

/// Why the worker refused a command.
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Config { field, problem } => format!("{field}: {}", config_problem(problem)),
        Refusal::OtherExperiment => "this worker trains another kind of run".into(),
        Refusal::NoRun => "no run yet: send Reset first".into(),
        Refusal::NoPoints => "this run does not train on points".into(),
        Refusal::Asset(detail) => format!("the MNIST digits did not verify ({detail})"),
        Refusal::WeightsFile(detail) => detail.clone(),
        Refusal::WeightsOverflow => "its weights give NaN or infinite values on this data (the file is damaged, or its numbers are too large)".into(),
        Refusal::Save(detail) => format!("could not save the weights: {detail}"),
        Refusal::Unreadable(detail) => format!("the worker could not read a message ({detail})"),
    }
}

/// The notice after a divergence.
pub fn diverged(step: u64, restored: u64) -> String {
    format!(
        "Training diverged at step {step}: a loss, a sample or the critic became NaN or infinite. \
         Training is paused and the weights from step {restored} are restored; try smaller learning rates."
    )
}

/// Why the backend changed.
pub fn backend_reason(r: &BackendReason) -> String {
    match r {
        BackendReason::Requested => "switched on request; the weights carried over".into(),
        BackendReason::Unavailable(detail) => detail.clone(),
    }
}
