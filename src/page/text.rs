//! Sentences for people, made here and only here: the worker and the libraries send codes
//! with their data ([`Refusal`], [`ConfigProblem`], [`BackendReason`], a divergence's steps),
//! and this module puts them in words. Every sentence a student reads about a refusal goes
//! through one function here, so adding a language is one more arm per function.

use earthmover_core::config::ConfigProblem;
use earthmover_core::data::{MAX_ABS_COORD, MAX_USER_POINTS, UserPointsError};
use earthmover_core::share::csv::{CsvError, CsvProblem, MAX_CSV_COORD};
use earthmover_core::share::link::LinkNotice;
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

/// What was wrong with a link a student opened.
pub fn link_notice(n: &LinkNotice) -> String {
    match n {
        LinkNotice::TooLong => tr!(
            "The settings in the link are too long; the defaults are shown.",
            "링크의 설정이 너무 길어 기본값을 보여 줍니다."
        )
        .into(),
        LinkNotice::NotUnderstood(keys) => {
            let keys = keys.join(", ");
            trf!(
                "Some settings in the link were not understood and keep their defaults: {keys}.",
                "링크의 일부 설정을 이해하지 못해 기본값을 유지합니다: {keys}."
            )
        }
        LinkNotice::PointsUnusable(e) => {
            let why = points_problem(e);
            trf!(
                "The drawn points in the link are unusable ({why}); 8 Gaussians are shown instead.",
                "링크의 그린 점들을 쓸 수 없어({why}) 대신 8개의 가우시안을 보여 줍니다."
            )
        }
        LinkNotice::PointsGarbled => tr!(
            "The drawn points in the link are garbled; 8 Gaussians are shown instead.",
            "링크의 그린 점들이 깨져 있어 대신 8개의 가우시안을 보여 줍니다."
        )
        .into(),
        LinkNotice::UnknownData(name) => trf!(
            "There is no dataset named “{name}”; 8 Gaussians are shown instead.",
            "“{name}”이라는 데이터셋이 없어 대신 8개의 가우시안을 보여 줍니다."
        ),
        LinkNotice::Invalid(e) => {
            let (field, why) = (e.field, config_problem(&e.problem));
            trf!(
                "The link's settings are invalid ({field}: {why}); the defaults are used.",
                "링크의 설정이 올바르지 않아({field}: {why}) 기본값을 씁니다."
            )
        }
    }
}

/// Why a set of drawn or pasted points was refused.
pub fn points_problem(e: &UserPointsError) -> String {
    match e {
        UserPointsError::Empty => tr!(
            "the point set is empty: draw or paste at least one point",
            "점이 하나도 없습니다: 점을 하나 이상 그리거나 붙여 넣으세요"
        )
        .into(),
        UserPointsError::TooMany(n) => trf!(
            "{n} points is too many (at most {MAX_USER_POINTS})",
            "점 {n}개는 너무 많습니다 (최대 {MAX_USER_POINTS}개)"
        ),
        UserPointsError::BadCoordinate(i) => {
            let n = i + 1;
            trf!(
                "point {n} has a coordinate that is not a finite number within ±{MAX_ABS_COORD}",
                "{n}번째 점의 좌표가 ±{MAX_ABS_COORD} 안의 유한한 수가 아닙니다"
            )
        }
        UserPointsError::BadJitter => tr!(
            "the jitter must be a finite number ≥ 0",
            "흔들림 값은 0 이상의 유한한 수여야 합니다"
        )
        .into(),
    }
}

/// One problem with pasted CSV, with its line.
pub fn csv_error(e: &CsvError) -> String {
    let what = match &e.problem {
        CsvProblem::OutOfRange => trf!(
            "coordinates must lie within ±{MAX_CSV_COORD}",
            "좌표는 ±{MAX_CSV_COORD} 안에 있어야 합니다"
        ),
        CsvProblem::NotFinite => tr!(
            "coordinates must be finite numbers",
            "좌표는 유한한 수여야 합니다"
        )
        .into(),
        CsvProblem::NotNumbers(row) => trf!(
            "'{row}' is not two numbers",
            "'{row}'은 두 개의 수가 아닙니다"
        ),
        CsvProblem::FieldCount(n) => trf!(
            "expected 2 values (x,y), found {n}",
            "값 2개(x,y)가 필요한데 {n}개가 있습니다"
        ),
        CsvProblem::TooMany(n) => trf!(
            "{n} points is more than {MAX_USER_POINTS}",
            "점 {n}개는 최대치 {MAX_USER_POINTS}개보다 많습니다"
        ),
        CsvProblem::Points(p) => points_problem(p),
    };
    match e.line {
        0 => what,
        line => trf!("line {line}: {what}", "{line}번째 줄: {what}"),
    }
}
