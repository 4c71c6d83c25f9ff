//! The lecture's slides as data: the title, the eight slides of `shared/lecture.md` in their
//! order, and a summary. Each has its text in both languages (written for this app from the
//! lecture's facts), a formula in MathML, the live widgets it shows, a "try this" task that the
//! page checks, the element to point at, and speaker notes.
//!
//! Plain data, so the tests below check every slide natively: both languages everywhere, 3–5
//! points, widgets that exist, tasks that read real controls.

use super::task::{Check, Source};
use crate::i18n::Lang;

/// A text in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    pub en: &'static str,
    pub ko: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ko => self.ko,
        }
    }
}

macro_rules! t {
    ($en:literal, $ko:literal) => {
        Text { en: $en, ko: $ko }
    };
}

/// A live widget a slide shows: one of the app's own views, configured by the slide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Widget {
    /// The Lab with a preset and plot layers; `show` names the controls and charts kept on
    /// the slide (the rest of the Lab is hidden there).
    Lab {
        preset: &'static str,
        layers: &'static [&'static str],
        show: &'static str,
    },
    Race,
    Mnist,
    Line,
    /// A registered explainer panel, by its `?view=` key.
    Panel(&'static str),
}

impl Widget {
    /// The view that shows it.
    pub fn view(&self) -> &'static str {
        match self {
            Widget::Lab { .. } => "lab",
            Widget::Race => "race",
            Widget::Mnist => "mnist",
            Widget::Line => "line",
            Widget::Panel(key) => key,
        }
    }

    /// What of the widget the slide keeps visible (a space-separated list the style sheet
    /// matches with `[data-show~=…]`).
    pub fn show(&self) -> &'static str {
        match self {
            Widget::Lab { show, .. } => show,
            _ => "all",
        }
    }

    /// Its name on the slide's part switch.
    pub fn label(&self) -> Text {
        match self {
            Widget::Lab { .. } => t!("Lab", "실험실"),
            Widget::Race => t!("Race", "경주"),
            Widget::Mnist => t!("MNIST digits", "MNIST 숫자"),
            Widget::Line => t!("1D lab", "1차원 실험실"),
            Widget::Panel("emd") => t!("EMD panel", "EMD 패널"),
            Widget::Panel("saturation") => t!("Saturation panel", "포화 패널"),
            Widget::Panel("lipschitz") => t!("Lipschitz cone", "립시츠 원뿔"),
            Widget::Panel("layers") => t!("Gradient norms by layer", "층별 그래디언트 노름"),
            Widget::Panel("norms") => t!("L1 vs L2 panel", "L1 대 L2 패널"),
            Widget::Panel(_) => t!("Panel", "패널"),
        }
    }
}

/// A "try this" task.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    pub text: Text,
    pub check: Check,
}

/// One slide.
#[derive(Clone, Copy, Debug)]
pub struct Slide {
    pub title: Text,
    pub points: &'static [Text],
    /// A formula as MathML (`<math>…</math>`), the same in both languages.
    pub formula: Option<&'static str>,
    pub widgets: &'static [Widget],
    pub task: Option<Task>,
    /// A CSS selector of the element to look at, outlined on the slide.
    pub point_at: Option<&'static str>,
    pub notes: Text,
}

const GAN_MINIMAX: &str = r#"<math display="block"><munder><mo movablelimits="true">min</mo><mi>G</mi></munder><munder><mo movablelimits="true">max</mo><mi>D</mi></munder><mi>V</mi><mo>=</mo><msub><mi mathvariant="double-struck">E</mi><mrow><mi>x</mi><mo>∼</mo><msub><mi>p</mi><mtext>data</mtext></msub></mrow></msub><mo>[</mo><mi>log</mi><mi>D</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>]</mo><mo>+</mo><msub><mi mathvariant="double-struck">E</mi><mrow><mi>z</mi><mo>∼</mo><msub><mi>p</mi><mi>z</mi></msub></mrow></msub><mo>[</mo><mi>log</mi><mo>(</mo><mn>1</mn><mo>−</mo><mi>D</mi><mo>(</mo><mi>G</mi><mo>(</mo><mi>z</mi><mo>)</mo><mo>)</mo><mo>)</mo><mo>]</mo></math>"#;

const SATURATION: &str = r#"<math display="block"><mfrac><mo>∂</mo><mrow><mo>∂</mo><mi>ℓ</mi></mrow></mfrac><mi>log</mi><mo>(</mo><mn>1</mn><mo>−</mo><mi>σ</mi><mo>(</mo><mi>ℓ</mi><mo>)</mo><mo>)</mo><mo>=</mo><mo>−</mo><mi>σ</mi><mo>(</mo><mi>ℓ</mi><mo>)</mo><mspace width="1em"/><mo>→</mo><mn>0</mn><mspace width="0.5em"/><mtext>as</mtext><mspace width="0.5em"/><mi>D</mi><mo>(</mo><mi>G</mi><mo>(</mo><mi>z</mi><mo>)</mo><mo>)</mo><mo>=</mo><mi>σ</mi><mo>(</mo><mi>ℓ</mi><mo>)</mo><mo>→</mo><mn>0</mn></math>"#;

const WASSERSTEIN: &str = r#"<math display="block"><mi>L</mi><mo>=</mo><msub><mi mathvariant="double-struck">E</mi><mrow><mover><mi>x</mi><mo>~</mo></mover><mo>∼</mo><msub><mi mathvariant="double-struck">P</mi><mi>g</mi></msub></mrow></msub><mo>[</mo><mi>D</mi><mo>(</mo><mover><mi>x</mi><mo>~</mo></mover><mo>)</mo><mo>]</mo><mo>−</mo><msub><mi mathvariant="double-struck">E</mi><mrow><mi>x</mi><mo>∼</mo><msub><mi mathvariant="double-struck">P</mi><mi>r</mi></msub></mrow></msub><mo>[</mo><mi>D</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>]</mo></math>"#;

const LIPSCHITZ: &str = r#"<math display="block"><mfrac><mrow><mo>|</mo><mi>D</mi><mo>(</mo><msub><mi>x</mi><mn>1</mn></msub><mo>)</mo><mo>−</mo><mi>D</mi><mo>(</mo><msub><mi>x</mi><mn>2</mn></msub><mo>)</mo><mo>|</mo></mrow><mrow><mo>‖</mo><msub><mi>x</mi><mn>1</mn></msub><mo>−</mo><msub><mi>x</mi><mn>2</mn></msub><mo>‖</mo></mrow></mfrac><mo>≤</mo><mn>1</mn></math>"#;

const CLIPPING: &str = r#"<math display="block"><mi>w</mi><mo>←</mo><mi>clip</mi><mo>(</mo><mi>w</mi><mo>,</mo><mo>−</mo><mi>c</mi><mo>,</mo><mi>c</mi><mo>)</mo><mo>,</mo><mspace width="1em"/><mi>c</mi><mo>=</mo><mn>0.01</mn></math>"#;

const LAYER_NORMS: &str = r#"<math display="block"><msub><mrow><mo>‖</mo><mi>W</mi><mo>‖</mo></mrow><mn>2</mn></msub><mo>≤</mo><mi>c</mi><msqrt><mi>n</mi></msqrt><mspace width="1em"/><mo>⇒</mo><mspace width="1em"/><mrow><mo>‖</mo><msub><mo>∇</mo><mi>x</mi></msub><mi>D</mi><mo>‖</mo></mrow><mo>≤</mo><msup><mrow><mo>(</mo><mi>c</mi><msqrt><mi>n</mi></msqrt><mo>)</mo></mrow><mtext>depth</mtext></msup></math>"#;

const GRADIENT_PENALTY: &str = r#"<math display="block"><mi>L</mi><mo>=</mo><msub><mi mathvariant="double-struck">E</mi><mover><mi>x</mi><mo>~</mo></mover></msub><mo>[</mo><mi>D</mi><mo>(</mo><mover><mi>x</mi><mo>~</mo></mover><mo>)</mo><mo>]</mo><mo>−</mo><msub><mi mathvariant="double-struck">E</mi><mi>x</mi></msub><mo>[</mo><mi>D</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>]</mo><mo>+</mo><mi>λ</mi><msub><mi mathvariant="double-struck">E</mi><mover><mi>x</mi><mo>^</mo></mover></msub><mo>[</mo><msup><mrow><mo>(</mo><msub><mrow><mo>‖</mo><msub><mo>∇</mo><mover><mi>x</mi><mo>^</mo></mover></msub><mi>D</mi><mo>(</mo><mover><mi>x</mi><mo>^</mo></mover><mo>)</mo><mo>‖</mo></mrow><mn>2</mn></msub><mo>−</mo><mn>1</mn><mo>)</mo></mrow><mn>2</mn></msup><mo>]</mo></math>"#;

const NORMS: &str = r#"<math display="block"><msub><mi>L</mi><mn>1</mn></msub><mo>=</mo><munder><mo>∑</mo><mi>i</mi></munder><mo>|</mo><msub><mi>x</mi><mi>i</mi></msub><mo>|</mo><mo>,</mo><mspace width="1.5em"/><msub><mi>L</mi><mn>2</mn></msub><mo>=</mo><msqrt><munder><mo>∑</mo><mi>i</mi></munder><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup></msqrt></math>"#;

/// Every slide, in the lecture's order.
pub const SLIDES: &[Slide] = &[
    Slide {
        title: t!("WGAN and WGAN-GP, live", "WGAN과 WGAN-GP, 직접 돌려 보기"),
        points: &[
            t!(
                "Why plain GANs oscillate, collapse modes and lose their gradients.",
                "일반 GAN이 왜 진동하고, 모드 붕괴를 일으키고, 기울기를 잃는지."
            ),
            t!(
                "How the Wasserstein loss with a 1-Lipschitz critic fixes that.",
                "1-립시츠 비평가와 Wasserstein 손실이 이를 어떻게 고치는지."
            ),
            t!(
                "Why weight clipping enforces the constraint badly, and the gradient penalty well.",
                "가중치 클리핑은 제약을 잘 지키지 못하고 그래디언트 페널티는 잘 지키는 이유."
            ),
            t!(
                "Every widget trains for real, in this browser, on your own machine.",
                "모든 위젯은 이 브라우저에서, 여러분의 컴퓨터로 실제로 학습합니다."
            ),
        ],
        formula: None,
        widgets: &[],
        task: None,
        point_at: None,
        notes: t!(
            "Keys: arrows or a clicker move; G, a number and Enter jumps; O shows all slides; F is fullscreen; S opens this presenter view. Each slide starts its own run and pauses it when you leave.",
            "키: 화살표나 클리커로 넘깁니다. G, 번호, Enter로 이동, O는 전체 보기, F는 전체 화면, S는 발표자 보기입니다. 각 슬라이드는 자기 학습을 시작하고, 떠나면 멈춥니다."
        ),
    },
    Slide {
        title: t!("GAN challenges", "GAN의 도전 과제"),
        points: &[
            t!(
                "The losses oscillate instead of settling: the curve does not say when training is done.",
                "손실이 수렴하지 않고 진동합니다. 곡선만으로는 학습이 끝났는지 알 수 없습니다."
            ),
            t!(
                "Mode collapse: the generator finds a few samples that fool the discriminator and stops making variety.",
                "모드 붕괴: 생성자가 판별자를 속이는 몇 개의 샘플만 찾아내고 다양한 출력을 멈춥니다."
            ),
            t!(
                "Here a BCE GAN trains on 8 Gaussians: watch the bars of samples per mode empty out.",
                "여기서는 BCE GAN이 8개의 가우시안을 학습합니다. 모드별 샘플 막대가 비어 가는 것을 보세요."
            ),
        ],
        formula: Some(GAN_MINIMAX),
        widgets: &[Widget::Lab {
            preset: "bce-collapses",
            layers: &["real", "fake"],
            show: "modes loss",
        }],
        task: Some(Task {
            text: t!(
                "Wait for a collapse: after step 300, 6 or fewer of the 8 modes covered.",
                "붕괴를 기다리세요: 300단계 이후 8개 모드 중 6개 이하만 남을 때까지."
            ),
            check: Check::All(&[
                Check::AtLeast {
                    sel: "#step",
                    from: Source::Text,
                    min: 300.0,
                },
                Check::AtMost {
                    sel: "#modes",
                    from: Source::Text,
                    max: 6.0,
                },
            ]),
        }),
        point_at: Some("#chart-modes"),
        notes: t!(
            "The run starts by itself. Point at the mode bars: whole modes go empty and the generator hops between a few of them. The loss select shows it is BCE.",
            "학습은 저절로 시작됩니다. 모드 막대를 가리키세요. 모드가 통째로 비고 생성자는 몇 개의 모드 사이를 오갑니다. 손실 선택 상자에 BCE가 보입니다."
        ),
    },
    Slide {
        title: t!("BCE: vanishing gradients", "BCE의 문제점: 기울기 소실"),
        points: &[
            t!(
                "As D gets better it saturates: D(x) ≈ 1 on real data and D(G(z)) ≈ 0 on fakes.",
                "판별자 D가 좋아질수록 포화됩니다. 실제 데이터에서 D(x) ≈ 1, 생성된 샘플에서 D(G(z)) ≈ 0."
            ),
            t!(
                "Through log(1 − D(G(z))) the generator's gradient is then almost zero: no useful feedback.",
                "그러면 log(1 − D(G(z)))를 거친 생성자의 기울기는 거의 0이 되어, 쓸모 있는 신호가 없습니다."
            ),
            t!(
                "The non-saturating loss keeps a gradient there; the Wasserstein loss has slope 1 everywhere.",
                "비포화 손실은 그곳에서도 기울기를 남기고, Wasserstein 손실은 어디서나 기울기가 1입니다."
            ),
        ],
        formula: Some(SATURATION),
        widgets: &[
            Widget::Panel("saturation"),
            Widget::Lab {
                preset: "bce-collapses",
                layers: &["real", "fake", "arrows"],
                show: "loss",
            },
        ],
        task: Some(Task {
            text: t!(
                "Move the logit slider to −6 or below (D(G(z)) ≈ 0.002) and compare the three gradients.",
                "로짓 슬라이더를 −6 이하로 옮기고(D(G(z)) ≈ 0.002) 세 기울기를 비교하세요."
            ),
            check: Check::AtMost {
                sel: "#logit",
                from: Source::Value,
                max: -6.0,
            },
        }),
        point_at: Some("#logit"),
        notes: t!(
            "Drag the logit left: the saturating curve goes to zero while the Wasserstein line stays flat at 1. Then switch to the Lab part: the arrows on the fakes are short.",
            "로짓을 왼쪽으로 끄세요. 포화 곡선은 0으로 가지만 Wasserstein 직선은 1에 머뭅니다. 그다음 실험실로 바꾸면 생성된 점의 화살표가 짧습니다."
        ),
    },
    Slide {
        title: t!(
            "Wasserstein loss: Earth Mover's Distance",
            "Wasserstein 손실: EMD(흙 옮기기 거리)"
        ),
        points: &[
            t!(
                "EMD: how much earth, moved how far, turns P_model into P_data.",
                "EMD: P_model을 P_data로 바꾸려면 얼마만큼의 흙을 얼마나 멀리 옮겨야 하는가."
            ),
            t!(
                "It is not bounded to [0, 1]: however far apart the distributions are, its gradient stays useful.",
                "값이 [0, 1]로 제한되지 않아, 분포가 아무리 멀어도 의미 있는 기울기를 줍니다."
            ),
            t!(
                "Targets 1 and −1, no sigmoid in the last layer, no log in the loss: D becomes a critic.",
                "타깃은 1과 −1, 마지막 층에 시그모이드 없음, 손실에 log 없음: 판별자는 비평가가 됩니다."
            ),
            t!(
                "Parallel lines: W = |θ| keeps a slope, JS sits at log 2 and KL is infinite.",
                "평행선 예: W = |θ|는 기울기를 유지하지만 JS는 log 2에 머물고 KL은 무한대입니다."
            ),
        ],
        formula: Some(WASSERSTEIN),
        widgets: &[Widget::Panel("emd"), Widget::Line],
        task: Some(Task {
            text: t!(
                "Drag θ to 0 in the parallel lines: only there does W fall to 0.",
                "평행선에서 θ를 0으로 옮기세요. 그곳에서만 W가 0이 됩니다."
            ),
            check: Check::Near {
                sel: "#theta",
                from: Source::Value,
                target: 0.0,
                tol: 0.005,
            },
        }),
        point_at: Some("#theta"),
        notes: t!(
            "Drag the piles first, then θ. The 1D lab part trains a critic on one axis and shows the exact W1 beside its estimate.",
            "먼저 흙더미를 끌고, 다음에 θ를 움직이세요. 1차원 실험실은 한 축 위에서 비평가를 학습시키고 추정값 옆에 정확한 W1을 보여 줍니다."
        ),
    },
    Slide {
        title: t!("The Lipschitz constraint", "립시츠 제약"),
        points: &[
            t!(
                "The critic must be 1-Lipschitz: its slope is at most 1 everywhere.",
                "비평가는 1-립시츠여야 합니다. 기울기가 어디서나 1 이하입니다."
            ),
            t!(
                "Put a cone of slope 1 on any point of the graph: the graph never enters it.",
                "그래프 위 어느 점에 기울기 1인 원뿔을 놓아도 그래프는 원뿔 안으로 들어가지 않습니다."
            ),
            t!(
                "Without it the Wasserstein loss is unbounded: the critic could grow without limit.",
                "이 제약이 없으면 Wasserstein 손실은 한없이 커질 수 있습니다."
            ),
            t!(
                "Take the live critic from the Lab and slide the cone along it: red marks what is too steep.",
                "실험실의 살아 있는 비평가를 가져와 원뿔을 움직여 보세요. 빨간색은 너무 가파른 곳입니다."
            ),
        ],
        formula: Some(LIPSCHITZ),
        widgets: &[Widget::Panel("lipschitz")],
        task: Some(Task {
            text: t!(
                "Lower the cone slope K to 0.5: now even a gentle curve breaks the bound.",
                "원뿔 기울기 K를 0.5로 낮추세요. 이제 완만한 곡선도 경계를 넘습니다."
            ),
            check: Check::AtMost {
                sel: "#lip-big-k",
                from: Source::Value,
                max: 0.5,
            },
        }),
        point_at: Some("#lip-big-k"),
        notes: t!(
            "Drag the cone's apex along the curve. The counter of violating pairs is exact, computed over every pair of samples.",
            "원뿔의 꼭짓점을 곡선을 따라 움직이세요. 위반 쌍의 개수는 모든 샘플 쌍에서 정확히 계산됩니다."
        ),
    },
    Slide {
        title: t!("Weight clipping", "가중치 클리핑"),
        points: &[
            t!(
                "WGAN clips every critic weight to [−c, c] after each step, with c = 0.01.",
                "WGAN은 매 단계 후 비평가의 모든 가중치를 [−c, c]로 자릅니다(c = 0.01)."
            ),
            t!(
                "The critic trains n_critic = 5 times per generator step: here a strong critic helps.",
                "생성자 한 단계마다 비평가는 n_critic = 5번 학습합니다. 여기서는 강한 비평가가 도움이 됩니다."
            ),
            t!(
                "Watch the histogram: most weights pile up at ±c.",
                "히스토그램을 보세요. 대부분의 가중치가 ±c에 쌓입니다."
            ),
        ],
        formula: Some(CLIPPING),
        widgets: &[Widget::Lab {
            preset: "clipping-simple",
            layers: &["surface", "real", "fake"],
            show: "clip n_critic weights",
        }],
        task: Some(Task {
            text: t!(
                "Set clip c to 0.1 and watch the histogram.",
                "클립 c를 0.1로 바꾸고 히스토그램을 보세요."
            ),
            check: Check::Near {
                sel: "#field-clip",
                from: Source::Value,
                target: 0.1,
                tol: 1e-9,
            },
        }),
        point_at: Some("#chart-weights"),
        notes: t!(
            "The share of weights within 1 % of ±c is printed under the histogram. Raise c and the surface gains shape, but gradients start to explode.",
            "히스토그램 아래에 ±c의 1 % 안에 있는 가중치 비율이 나옵니다. c를 키우면 표면에 모양이 생기지만 기울기가 폭발하기 시작합니다."
        ),
    },
    Slide {
        title: t!("WGAN's weaknesses", "WGAN의 약점"),
        points: &[
            t!(
                "Clipping slows learning: the authors call it a clearly terrible way to enforce the constraint.",
                "클리핑은 학습을 크게 늦춥니다. 저자들도 제약을 거는 방법으로 좋지 않다고 말합니다."
            ),
            t!(
                "A clipped critic is too simple: its surface ignores the shape of the data.",
                "클리핑된 비평가는 너무 단순해서, 표면이 데이터의 모양을 따르지 못합니다."
            ),
            t!(
                "Gradients explode or vanish through the layers: c = 0.1 grows them, c = 0.001 shrinks them.",
                "기울기가 층을 지나며 폭발하거나 소실됩니다. c = 0.1이면 커지고 c = 0.001이면 작아집니다."
            ),
        ],
        formula: Some(LAYER_NORMS),
        widgets: &[Widget::Race, Widget::Panel("layers")],
        task: Some(Task {
            text: t!(
                "Let the race reach step 200 and compare the two critics' surfaces.",
                "경주가 200단계에 이를 때까지 두고 두 비평가의 표면을 비교하세요."
            ),
            check: Check::AtLeast {
                sel: ".race-step",
                from: Source::Text,
                min: 200.0,
            },
        }),
        point_at: Some("#panel-race"),
        notes: t!(
            "Both critics face a generator held at real + N(0, 1), as in the paper's Figure 1(a): left clipping, a plateau; right the penalty, rings at the modes. The second part is Figure 1(b): press Run at the start of the lecture, it takes about 3 minutes.",
            "두 비평가 모두 논문의 그림 1(a)처럼 실제 + N(0, 1)로 고정된 생성자를 상대합니다. 왼쪽 클리핑은 평평한 고원, 오른쪽 페널티는 모드마다 고리를 만듭니다. 두 번째 부분은 그림 1(b)입니다. 약 3분이 걸리니 강의 시작 때 실행을 누르세요."
        ),
    },
    Slide {
        title: t!(
            "WGAN-GP: the gradient penalty",
            "WGAN-GP: 그래디언트 페널티"
        ),
        points: &[
            t!(
                "Same generator as WGAN; the critic has no clipping and no batch normalisation.",
                "생성자는 WGAN과 같고, 비평가는 클리핑도 배치 정규화도 쓰지 않습니다."
            ),
            t!(
                "A penalty pulls ‖∇D‖ towards 1 at points x̂ drawn between real and fake samples.",
                "실제 샘플과 생성된 샘플 사이의 보간점 x̂에서 ‖∇D‖를 1로 당기는 페널티를 더합니다."
            ),
            t!(
                "A differentiable function is 1-Lipschitz exactly when ‖∇D‖ ≤ 1 everywhere.",
                "미분 가능한 함수는 모든 곳에서 ‖∇D‖ ≤ 1일 때에만 1-립시츠입니다."
            ),
            t!(
                "Red marks ‖∇D‖ > 1; purple crosses are the interpolates x̂.",
                "빨간색은 ‖∇D‖ > 1인 곳, 보라색 ×는 보간점 x̂입니다."
            ),
        ],
        formula: Some(GRADIENT_PENALTY),
        widgets: &[
            Widget::Lab {
                preset: "fast",
                layers: &["surface", "gradnorm", "real", "fake", "interpolates"],
                show: "lambda modes",
            },
            Widget::Mnist,
        ],
        task: Some(Task {
            text: t!(
                "Raise λ to 10, the paper's value.",
                "λ를 논문의 값인 10으로 올리세요."
            ),
            check: Check::Near {
                sel: "#field-lambda",
                from: Source::Value,
                target: 10.0,
                tol: 1e-9,
            },
        }),
        point_at: Some("#field-lambda"),
        notes: t!(
            "The red map shrinks to thin rims as the penalty works. Then open the MNIST part: the same loss trains a convolutional critic on digits.",
            "페널티가 작동하면 빨간 영역이 얇은 테두리로 줄어듭니다. 그다음 MNIST를 열면 같은 손실이 숫자 이미지에서 합성곱 비평가를 학습시킵니다."
        ),
    },
    Slide {
        title: t!("Appendix: L1 and L2 norms", "부록: L1과 L2 노름"),
        points: &[
            t!(
                "L1 sums absolute values; L2 is the straight-line length.",
                "L1은 절댓값의 합이고, L2는 직선 길이입니다."
            ),
            t!(
                "L1 loss sums absolute errors; L2 loss sums squared errors.",
                "L1 손실은 오차의 절댓값을, L2 손실은 오차의 제곱을 더합니다."
            ),
            t!(
                "Between two points L1 has many equally short staircase paths; L2 has one shortest path.",
                "두 점 사이에 L1은 길이가 같은 계단 경로가 여럿이고, L2의 최단 경로는 하나뿐입니다."
            ),
            t!(
                "An L1 penalty can set a coordinate exactly to 0 (feature selection); L2 does not.",
                "L1 페널티는 좌표를 정확히 0으로 만들 수 있지만(특징 선택), L2는 그렇지 않습니다."
            ),
        ],
        formula: Some(NORMS),
        widgets: &[Widget::Panel("norms")],
        task: Some(Task {
            text: t!(
                "Shrink the ball radius t to 0.5 or less: the L1 optimum keeps a coordinate at exactly 0.",
                "공의 반지름 t를 0.5 이하로 줄이세요. L1 최적점의 한 좌표는 정확히 0으로 남습니다."
            ),
            check: Check::All(&[
                Check::AtMost {
                    sel: "#sp-radius",
                    from: Source::Value,
                    max: 0.5,
                },
                Check::HasZero {
                    sel: "#sp-l1",
                    from: Source::Attr("data-x"),
                },
            ]),
        }),
        point_at: Some("#sp-radius"),
        notes: t!(
            "Drag the two points for the paths, then the loss centre: the L1 optimum sticks to a corner of the diamond.",
            "두 점을 끌어 경로를 보고, 다음에 손실의 중심을 끄세요. L1 최적점은 마름모의 꼭짓점에 붙어 있습니다."
        ),
    },
    Slide {
        title: t!("Summary", "정리"),
        points: &[
            t!(
                "BCE GAN: a saturating discriminator gives vanishing gradients and mode collapse.",
                "BCE GAN: 포화된 판별자는 기울기 소실과 모드 붕괴를 낳습니다."
            ),
            t!(
                "WGAN: the Earth Mover's Distance gives useful gradients, but clipping makes a poor critic.",
                "WGAN: EMD는 쓸모 있는 기울기를 주지만, 클리핑은 비평가를 망칩니다."
            ),
            t!(
                "WGAN-GP: a penalty at interpolates keeps ‖∇D‖ near 1 and trains stably.",
                "WGAN-GP: 보간점에서의 페널티가 ‖∇D‖를 1 근처로 지켜 안정적으로 학습합니다."
            ),
            t!(
                "Open any slide's link to repeat it at your own pace, in Korean or English.",
                "슬라이드 링크를 열면 각자 속도로, 한국어나 영어로 다시 해 볼 수 있습니다."
            ),
        ],
        formula: None,
        widgets: &[],
        task: None,
        point_at: None,
        notes: t!(
            "Sources: Arjovsky, Chintala & Bottou 2017 (WGAN); Gulrajani et al. 2017 (WGAN-GP). Students can print the lecture from the browser as a handout.",
            "출처: 아르요프스키 외 2017 (WGAN), 굴라자니 외 2017 (WGAN-GP). 학생들은 브라우저에서 강의를 인쇄해 유인물로 쓸 수 있습니다."
        ),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    fn texts(s: &Slide) -> Vec<Text> {
        let mut v = vec![s.title, s.notes];
        v.extend(s.points.iter().copied());
        v.extend(s.task.map(|t| t.text));
        v.extend(s.widgets.iter().map(Widget::label));
        v
    }

    #[test]
    fn the_deck_is_a_title_the_lectures_eight_slides_and_a_summary() {
        assert_eq!(SLIDES.len(), 10);
        assert!(SLIDES[0].widgets.is_empty() && SLIDES[9].widgets.is_empty());
        // The lecture's order, by the widget each slide is about.
        let first: Vec<&str> = SLIDES[1..9].iter().map(|s| s.widgets[0].view()).collect();
        assert_eq!(
            first,
            [
                "lab",
                "saturation",
                "emd",
                "lipschitz",
                "lab",
                "race",
                "lab",
                "norms"
            ]
        );
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        for (i, s) in SLIDES.iter().enumerate() {
            for t in texts(s) {
                assert!(!t.en.trim().is_empty(), "slide {i}: empty English");
                assert!(
                    hangul(t.ko) || t.ko == t.en && t.en == "MNIST",
                    "slide {i}: {:?}",
                    t.ko
                );
                assert_ne!(t.en, t.ko, "slide {i}: untranslated {:?}", t.en);
            }
            assert!(
                (3..=5).contains(&s.points.len()),
                "slide {i} has {} points",
                s.points.len()
            );
        }
    }

    #[test]
    fn every_teaching_slide_has_a_widget_a_task_and_a_formula() {
        for (i, s) in SLIDES.iter().enumerate().take(9).skip(1) {
            assert!(!s.widgets.is_empty(), "slide {i}");
            assert!(s.task.is_some(), "slide {i}");
            let f = s
                .formula
                .unwrap_or_else(|| panic!("slide {i} has no formula"));
            assert!(
                f.starts_with("<math") && f.ends_with("</math>"),
                "slide {i}"
            );
            // Balanced: every opened MathML element is closed.
            let opens = f.matches('<').count() - f.matches("</").count() - f.matches("/>").count();
            assert_eq!(
                opens,
                f.matches("</").count(),
                "slide {i}: unbalanced MathML"
            );
            assert!(
                s.point_at.is_some_and(|p| p.starts_with(['#', '.'])),
                "slide {i}"
            );
        }
    }

    /// A slide's panel must be a registered one: the keys the panels' files declare.
    #[test]
    fn panel_widgets_name_registered_panels() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/page/panels");
        let mut keys = vec![];
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if let Some(at) = text.find("pub const PANEL: Panel = Panel {") {
                let rest = &text[at..];
                let key = rest
                    .split("key: \"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                keys.push(key.to_string());
            }
        }
        assert!(keys.len() >= 5, "{keys:?}");
        for s in SLIDES {
            for w in s.widgets {
                if let Widget::Panel(key) = w {
                    assert!(keys.iter().any(|k| k == key), "{key} is not among {keys:?}");
                }
            }
        }
    }

    #[test]
    fn lab_widgets_name_real_presets_and_layers() {
        let layers = [
            "surface",
            "gradnorm",
            "real",
            "fake",
            "arrows",
            "interpolates",
            "manifold",
            "matching",
        ];
        for s in SLIDES {
            for w in s.widgets {
                if let Widget::Lab {
                    preset, layers: l, ..
                } = w
                {
                    assert!(
                        earthmover_core::presets::PRESETS
                            .iter()
                            .any(|p| p.id == *preset),
                        "{preset}"
                    );
                    assert!(l.iter().all(|x| layers.contains(x)), "{l:?}");
                }
            }
        }
    }
}
