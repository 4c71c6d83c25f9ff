//! 2D optimal matching: two small point clouds, draggable or taken from the Lab, joined by the
//! exact minimum-cost assignment ([`earthmover_core::metrics::emd::emd_2d`]), with W1.

use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::{LiveProps, updater};
use crate::plot::{FAKE, REAL};
use crate::svg::{self, Frame};
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::rng::Rng;

const N: usize = 6;
/// Points taken from the Lab (the exact matching stays instant at this size).
const FROM_LAB: usize = 24;

#[derive(Clone, PartialEq)]
struct State {
    a: Vec<f32>,
    b: Vec<f32>,
    /// (true for a, point index)
    drag: Option<(bool, usize)>,
    seed: u64,
    note: Option<Note>,
}

/// What the last "take samples" did, worded when shown.
#[derive(Clone, Copy, PartialEq)]
enum Note {
    /// Samples taken from the Lab at this step.
    Took(u64),
    /// The Lab had no samples.
    Empty,
}

fn scatter(seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = Rng::new(seed);
    let a = (0..N)
        .flat_map(|_| {
            [
                rng.uniform_in(-2.0, 0.0) as f32,
                rng.uniform_in(-1.5, 1.5) as f32,
            ]
        })
        .collect();
    let b = (0..N)
        .flat_map(|_| {
            [
                rng.uniform_in(0.0, 2.0) as f32,
                rng.uniform_in(-1.5, 1.5) as f32,
            ]
        })
        .collect();
    (a, b)
}

fn flat(v: &[f32]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[function_component(Matching)]
pub fn matching(props: &LiveProps) -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let state = use_state(|| {
        let (a, b) = scatter(1);
        State {
            a,
            b,
            drag: None,
            seed: 1,
            note: None,
        }
    });
    let f = Frame {
        x: (-3.0, 3.0),
        y: (-2.2, 2.2),
        w: 480.0,
        h: 352.0,
    };
    let down = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(at) = f.world(&e) else { return };
            let nearest = |v: &[f32]| {
                v.chunks_exact(2)
                    .map(|p| (p[0] as f64 - at[0]).hypot(p[1] as f64 - at[1]))
                    .enumerate()
                    .fold((0, f64::INFINITY), |b, x| if x.1 < b.1 { x } else { b })
            };
            let (ia, da) = nearest(&state.a);
            let (ib, db) = nearest(&state.b);
            let pick = if da <= db {
                (true, ia, da)
            } else {
                (false, ib, db)
            };
            if pick.2 < 0.35 {
                let mut s = (*state).clone();
                s.drag = Some((pick.0, pick.1));
                svg::capture(&e);
                state.set(s);
            }
        })
    };
    let moved = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let Some((is_a, i)) = state.drag else { return };
            let Some(at) = f.world(&e) else { return };
            let mut s = (*state).clone();
            let v = if is_a { &mut s.a } else { &mut s.b };
            v[2 * i] = at[0].clamp(f.x.0, f.x.1) as f32;
            v[2 * i + 1] = at[1].clamp(f.y.0, f.y.1) as f32;
            state.set(s);
        })
    };
    let up = updater(&state, |s: &mut State, _: PointerEvent| s.drag = None);
    let shuffle = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let seed = state.seed + 1;
            let (a, b) = scatter(seed);
            state.set(State {
                a,
                b,
                drag: None,
                seed,
                note: None,
            });
        })
    };
    let take = {
        let state = state.clone();
        let live = props.live.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = (*state).clone();
            match live.get() {
                Some(d) if d.real.len() >= 2 * FROM_LAB && d.fake.len() >= 2 * FROM_LAB => {
                    s.a = d.real[..2 * FROM_LAB].to_vec();
                    s.b = d.fake[..2 * FROM_LAB].to_vec();
                    s.note = Some(Note::Took(d.step));
                }
                _ => s.note = Some(Note::Empty),
            }
            state.set(s);
        })
    };
    let result = emd_2d(&state.a, &state.b);
    let segments = result.as_ref().map(|m| {
        m.pairs
            .iter()
            .enumerate()
            .map(|(i, &j)| {
                let (p, q) = (&state.a[2 * i..2 * i + 2], &state.b[2 * j..2 * j + 2]);
                html! { <path class="match" d={svg::path(&f, [[p[0] as f64, p[1] as f64], [q[0] as f64, q[1] as f64]])} /> }
            })
            .collect::<Html>()
    });
    // Arrow keys move a focused point by a fiftieth of the frame, as a drag would.
    let keyed = |is_a: bool, i: usize| {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(d) = svg::arrow(&e) else { return };
            let mut s = (*state).clone();
            let v = if is_a { &mut s.a } else { &mut s.b };
            let (sx, sy) = ((f.x.1 - f.x.0) / 50.0, (f.y.1 - f.y.0) / 50.0);
            v[2 * i] = (v[2 * i] as f64 + sx * d[0]).clamp(f.x.0, f.x.1) as f32;
            v[2 * i + 1] = (v[2 * i + 1] as f64 + sy * d[1]).clamp(f.y.0, f.y.1) as f32;
            state.set(s);
        })
    };
    let dots = |v: &[f32], class: &'static str, c: plotters::style::RGBColor| {
        let (is_a, name) = (
            class == "pt-a",
            if class == "pt-a" {
                tr!("real", "실제")
            } else {
                tr!("generated", "생성된")
            },
        );
        v.chunks_exact(2)
            .enumerate()
            .map(|(i, p)| html! { <circle class={class} cx={format!("{:.2}", f.px(p[0] as f64))} cy={format!("{:.2}", f.py(p[1] as f64))} r="7"
                fill={format!("rgb({},{},{})", c.0, c.1, c.2)}
                tabindex="0" role="button" aria-label={trf!("{name} point {} at ({:.2}, {:.2}); arrow keys move it", "{name} 점 {}: ({:.2}, {:.2}), 화살표 키로 옮길 수 있습니다", i + 1, p[0], p[1])}
                onkeydown={keyed(is_a, i)} /> })
            .collect::<Html>()
    };
    html! {
        <div class="explainer" id="matching">
            <h3>{ tr!("Matching two point clouds", "두 점 구름 짝짓기") }</h3>
            <p>{ tr!("With equal weights the optimal transport plan is a one-to-one matching. Drag any point: the exact matching (Hungarian algorithm) and W1, the mean length of the segments, follow.", "가중치가 같으면 최적 수송 계획은 일대일 짝짓기입니다. 아무 점이나 끌어 보세요: 정확한 짝짓기(헝가리안 알고리즘)와 선분 길이의 평균인 W1이 따라 바뀝니다.") }</p>
            <div class="row">
                <div class="figure">
                    <svg id="match-svg" viewBox={f.view_box()} data-a={flat(&state.a)} data-b={flat(&state.b)}
                        onpointerdown={down} onpointermove={moved} onpointerup={up.clone()} onpointercancel={up}>
                        { segments.unwrap_or_default() }
                        { dots(&state.a, "pt-a", REAL) }
                        { dots(&state.b, "pt-b", FAKE) }
                    </svg>
                    <div class="buttons">
                        <button onclick={shuffle}>{ tr!("New points", "새 점") }</button>
                        <button id="match-take" onclick={take}>{ tr!("Take samples from the Lab", "실험실에서 샘플 가져오기") }</button>
                    </div>
                </div>
                <dl class="readout">
                    <dt>{ tr!("W1 (mean segment length)", "W1 (선분 길이의 평균)") }</dt>
                    <dd id="match-w1">{ result.map_or("—".to_string(), |m| svg::num(m.w1)) }</dd>
                    <dt>{ tr!("points per cloud", "구름당 점 수") }</dt><dd>{ state.a.len() / 2 }</dd>
                </dl>
            </div>
            if let Some(n) = state.note {
                <p class="note" id="match-note">{ match n {
                    Note::Took(step) => trf!(
                        "{FROM_LAB} real and {FROM_LAB} generated samples from the Lab at step {}.",
                        "실험실의 {}단계에서 가져온 실제 샘플 {FROM_LAB}개와 생성된 샘플 {FROM_LAB}개입니다.",
                        step
                    ),
                    Note::Empty => tr!("The Lab has no samples yet: open the Lab and let it train a moment.", "실험실에 아직 샘플이 없습니다: 실험실을 열고 잠시 학습시키세요.").to_string(),
                } }</p>
            }
        </div>
    }
}
