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
            trf!(
                "must be between {min} and {max}, got {got}",
                "{min}에서 {max} 사이여야 합니다 (입력값 {got})"
            )
        }
        ConfigProblem::Number {
            lo,
            hi,
            open_lo,
            got,
        } => {
            let bracket = if *open_lo { "(" } else { "[" };
            trf!(
                "must be a number in {bracket}{lo}, {hi}], got {got}",
                "{bracket}{lo}, {hi}] 범위의 숫자여야 합니다 (입력값 {got})"
            )
        }
        ConfigProblem::BetaNotBelowOne => tr!(
            "Adam's betas must be below 1",
            "Adam의 β 값은 1보다 작아야 합니다"
        )
        .into(),
        ConfigProblem::NoDigits => tr!(
            "choose at least one digit from 0 to 9",
            "0부터 9까지 숫자를 하나 이상 고르세요"
        )
        .into(),
        ConfigProblem::NoneOfTheDigits => tr!(
            "the data has none of the chosen digits",
            "데이터에 고른 숫자가 하나도 없습니다"
        )
        .into(),
        ConfigProblem::NetworkTooLarge => tr!(
            "too large a network for a browser tab",
            "브라우저 탭에서 돌리기에는 너무 큰 신경망입니다"
        )
        .into(),
    }
}

/// Why the worker refused a command.
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Config { field, problem } => format!("{field}: {}", config_problem(problem)),
        Refusal::OtherExperiment => tr!(
            "this worker trains another kind of run",
            "이 워커는 다른 종류의 실행을 학습합니다"
        )
        .into(),
        Refusal::NoRun => tr!(
            "no run yet: send Reset first",
            "아직 실행이 없습니다: 먼저 초기화(Reset)를 보내세요"
        )
        .into(),
        Refusal::NoPoints => tr!(
            "this run does not train on points",
            "이 실행은 점 데이터로 학습하지 않습니다"
        )
        .into(),
        Refusal::Asset(detail) => trf!(
            "the MNIST digits did not verify ({detail})",
            "MNIST 숫자 데이터를 검증하지 못했습니다 ({detail})"
        ),
        // The weights file's own check, in the core library's words.
        Refusal::WeightsFile(detail) => detail.clone(),
        Refusal::WeightsOverflow => tr!(
            "its weights give NaN or infinite values on this data (the file is damaged, or its numbers are too large)",
            "이 데이터에서 가중치가 NaN 또는 무한대 값을 냅니다 (파일이 손상되었거나 숫자가 너무 큽니다)"
        )
        .into(),
        Refusal::Save(detail) => trf!(
            "could not save the weights: {detail}",
            "가중치를 저장하지 못했습니다: {detail}"
        ),
        Refusal::Unreadable(detail) => trf!(
            "the worker could not read a message ({detail})",
            "워커가 메시지를 읽지 못했습니다 ({detail})"
        ),
    }
}

/// The notice after a divergence.
pub fn diverged(step: u64, restored: u64) -> String {
    trf!(
        "Training diverged at step {step}: a loss, a sample or the critic became NaN or infinite. \
         Training is paused and the weights from step {restored} are restored; try smaller learning rates.",
        "{step}단계에서 학습이 발산했습니다: 손실, 샘플 또는 비평가가 NaN이나 무한대가 되었습니다. \
         학습을 일시 정지하고 {restored}단계의 가중치로 되돌렸습니다. 학습률을 낮춰 보세요."
    )
}

/// Why the backend changed.
pub fn backend_reason(r: &BackendReason) -> String {
    match r {
        BackendReason::Requested => tr!(
            "switched on request; the weights carried over",
            "요청에 따라 전환했습니다. 가중치는 그대로 이어집니다"
        )
        .into(),
        BackendReason::Unavailable(detail) => detail.clone(),
    }
}
