//! Sentences for people, made here and only here: the worker and the libraries send codes
//! with their data ([`Refusal`], [`ConfigProblem`], [`BackendReason`], a divergence's steps),
//! and this module puts them in words. Every sentence a student reads about a refusal goes
//! through one function here, so adding a language is one more arm per function.

use earthmover_core::config::ConfigProblem;
use earthmover_core::data::{MAX_ABS_COORD, MAX_USER_POINTS, UserPointsError};
use earthmover_core::share::csv::{CsvError, CsvProblem, MAX_CSV_COORD};
use earthmover_core::share::link::LinkNotice;
use earthmover_core::share::mnist::AssetProblem;
use earthmover_core::share::record_meta::{VERSION, WeightsProblem};
use earthmover_protocol::{BackendReason, Refusal, WebGpuProblem};

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

/// Who wrote a detail that the page can only show as it is (a library's or the browser's own
/// message, in its own language).
#[derive(Clone, Copy)]
pub enum Source {
    Burn,
    Browser,
    WebGpu,
    /// The JSON, CBOR or message decoder.
    Decoder,
}

/// A foreign detail, named and quoted, so that a Korean sentence never runs straight into
/// untranslated English: the sentence is the page's, the quotation is marked as someone else's.
pub fn quoted(source: Source, detail: &str) -> String {
    let who = match source {
        Source::Burn => tr!("burn's message", "burn의 메시지"),
        Source::Browser => tr!("the browser's message", "브라우저의 메시지"),
        Source::WebGpu => tr!("the WebGPU runtime's message", "WebGPU 런타임의 메시지"),
        Source::Decoder => tr!("the decoder's message", "해석기의 메시지"),
    };
    format!("{who}: “{}”", detail.trim())
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
        Refusal::Asset(p) => {
            let why = asset_problem(p);
            trf!(
                "the MNIST digits did not verify: {why}",
                "MNIST 숫자 데이터를 검증하지 못했습니다: {why}"
            )
        }
        // The weights file's own check, in the core library's words.
        Refusal::WeightsFile(p) => weights_problem(p),
        Refusal::WeightsOverflow => tr!(
            "its weights give NaN or infinite values on this data (the file is damaged, or its numbers are too large)",
            "이 데이터에서 가중치가 NaN 또는 무한대 값을 냅니다 (파일이 손상되었거나 숫자가 너무 큽니다)"
        )
        .into(),
        Refusal::Save(detail) => {
            let detail = quoted(Source::Burn, detail);
            trf!(
                "could not save the weights ({detail})",
                "가중치를 저장하지 못했습니다 ({detail})"
            )
        }
        Refusal::Unreadable(detail) => {
            let detail = quoted(Source::Decoder, detail);
            trf!(
                "the worker could not read a message ({detail})",
                "워커가 메시지를 읽지 못했습니다 ({detail})"
            )
        }
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
        BackendReason::Unavailable(WebGpuProblem::NotExposed) => tr!(
            "this browser offers no WebGPU",
            "이 브라우저는 WebGPU를 제공하지 않습니다"
        )
        .into(),
        BackendReason::Unavailable(WebGpuProblem::NoAdapter) => tr!(
            "this browser gave no WebGPU adapter (no GPU it can use)",
            "이 브라우저에는 쓸 수 있는 WebGPU 어댑터(GPU)가 없습니다"
        )
        .into(),
        BackendReason::Unavailable(WebGpuProblem::Failed(detail)) => {
            let detail = quoted(Source::WebGpu, detail);
            trf!(
                "WebGPU could not start ({detail})",
                "WebGPU를 시작할 수 없습니다 ({detail})"
            )
        }
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

/// A kind of weights file as the student knows it.
fn weights_kind(kind: &str) -> String {
    match kind {
        earthmover_core::share::weights::KIND => {
            tr!("the Lab (2D data)", "실험실 (2차원 데이터)").into()
        }
        earthmover_core::mnist::config::WEIGHTS_KIND => tr!("the MNIST tab", "MNIST 탭").into(),
        other => format!("“{other}”"),
    }
}

/// Why the MNIST digits file was refused.
pub fn asset_problem(p: &AssetProblem) -> String {
    match p {
        AssetProblem::NotAnAsset => tr!(
            "this is not Earthmover's MNIST file (the server may have sent an error page)",
            "Earthmover의 MNIST 파일이 아닙니다 (서버가 오류 페이지를 보냈을 수 있습니다)"
        )
        .into(),
        AssetProblem::Checksum { found, bytes } => trf!(
            "the file is damaged or from another version ({bytes} bytes, checksum {found:016x}); rebuild it with `make mnist`",
            "파일이 손상되었거나 다른 버전입니다 ({bytes}바이트, 체크섬 {found:016x}). `make mnist`로 다시 만드세요"
        ),
        AssetProblem::EndsEarly => tr!("the file ends early", "파일이 중간에 끝납니다").into(),
        AssetProblem::TooManyDigits(n) => trf!(
            "the file claims {n} digits, more than any real one holds",
            "파일이 숫자 {n}개를 담았다고 하지만, 실제 파일보다 너무 많습니다"
        ),
        AssetProblem::ZeroRun | AssetProblem::TooManyPixels => tr!(
            "its pixel stream is corrupt",
            "픽셀 데이터가 손상되었습니다"
        )
        .into(),
        AssetProblem::Truncated { got, want } => trf!(
            "the file is cut short: {got} of {want} pixels",
            "파일이 잘렸습니다: 픽셀 {want}개 중 {got}개"
        ),
        AssetProblem::Shape { labels, pixels } => trf!(
            "{labels} labels do not match {pixels} pixels",
            "레이블 {labels}개가 픽셀 {pixels}개와 맞지 않습니다"
        ),
        AssetProblem::NotADigit(l) => trf!(
            "label {l} is not a digit",
            "레이블 {l}은(는) 숫자가 아닙니다"
        ),
    }
}

/// Why a weights file was not loaded.
pub fn weights_problem(p: &WeightsProblem) -> String {
    match p {
        WeightsProblem::OldFormat => tr!(
            "this file is in the weights format of an earlier Earthmover version, which saved its own format rather than burn records; retrain and save again",
            "이 파일은 burn 레코드가 아닌 자체 형식으로 저장하던 이전 Earthmover의 가중치 형식입니다. 다시 학습하고 저장하세요"
        )
        .into(),
        WeightsProblem::NotOurs => tr!(
            "this is not an Earthmover weights file (a burn record)",
            "Earthmover 가중치 파일(burn 레코드)이 아닙니다"
        )
        .into(),
        WeightsProblem::Version(v) => trf!(
            "this burn record has format version {v}; this app reads version {VERSION}",
            "이 burn 레코드의 형식 버전은 {v}입니다. 이 앱은 버전 {VERSION}을 읽습니다"
        ),
        WeightsProblem::Truncated => tr!(
            "the weights file is truncated (it ends inside its header)",
            "가중치 파일이 잘렸습니다 (헤더 중간에서 끝납니다)"
        )
        .into(),
        WeightsProblem::HeaderUnreadable(e) => {
            let e = quoted(Source::Decoder, e);
            trf!(
                "the weights file's header is unreadable ({e})",
                "가중치 파일의 헤더를 읽을 수 없습니다 ({e})"
            )
        }
        WeightsProblem::OtherKind { file, here } => {
            let (file, here) = (weights_kind(file), weights_kind(here));
            trf!(
                "this weights file is for {file}, not for {here}",
                "이 가중치 파일은 {here}이 아니라 {file}용입니다"
            )
        }
        WeightsProblem::NotEarthmover => tr!(
            "this burn record was not written by Earthmover",
            "이 burn 레코드는 Earthmover가 쓴 것이 아닙니다"
        )
        .into(),
        WeightsProblem::NoSettings => tr!(
            "the weights file does not say which networks it holds",
            "가중치 파일에 어떤 신경망인지가 적혀 있지 않습니다"
        )
        .into(),
        WeightsProblem::SettingsUnreadable(e) => {
            let e = quoted(Source::Decoder, e);
            trf!(
                "the weights file's settings are unreadable ({e})",
                "가중치 파일의 설정을 읽을 수 없습니다 ({e})"
            )
        }
        WeightsProblem::Invalid { field, problem } => {
            let why = config_problem(problem);
            format!("{field}: {why}")
        }
        WeightsProblem::Damaged(e) => {
            let e = quoted(Source::Burn, e);
            trf!(
                "the weights file is truncated or damaged ({e})",
                "가중치 파일이 잘렸거나 손상되었습니다 ({e})"
            )
        }
        WeightsProblem::DoesNotFit(e) => {
            let e = quoted(Source::Burn, e);
            trf!(
                "the weights do not fit the networks its settings describe ({e})",
                "가중치가 파일의 설정이 말하는 신경망에 맞지 않습니다 ({e})"
            )
        }
        WeightsProblem::NotFinite => tr!(
            "the file contains NaN or infinite weights",
            "파일에 NaN이나 무한대인 가중치가 있습니다"
        )
        .into(),
    }
}
