//! L1 zeroes features, L2 does not (slide 8): a quadratic loss whose centre the student drags,
//! and its exact optimum on the L1 diamond and on the L2 circle of the same radius.

use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::{slider, updater};
use crate::svg::{self, Frame};
use earthmover_explain::sparsity::{Optimum, Quadratic, on_l1_ball, on_l2_ball};

#[derive(Clone, PartialEq)]
struct State {
    loss: Quadratic,
    radius: f64,
    dragging: bool,
}

/// Level-set ellipses of the loss through the optimum and a few larger values.
fn contours(f: &Frame, q: &Quadratic, at: f64) -> Html {
    let deg = q.angle.to_degrees();
    (1..=4)
        .map(|k| {
            let level = at * (k * k) as f64;
            let (rx, ry) = ((level / q.curvature[0]).sqrt(), (level / q.curvature[1]).sqrt());
            let (cx, cy) = (f.px(q.center[0]), f.py(q.center[1]));
            html! { <ellipse class={classes!("contour", (k == 1).then_some("touching"))} cx={format!("{cx:.2}")} cy={format!("{cy:.2}")}
                rx={format!("{:.2}", f.sx(rx))} ry={format!("{:.2}", f.sx(ry))}
                transform={format!("rotate({:.2} {cx:.2} {cy:.2})", -deg)} /> }
        })
        .collect()
}

fn describe(o: &Option<Optimum>) -> String {
    match o {
        None => "—".into(),
        Some(o) => {
            let zero = match (o.x[0] == 0.0, o.x[1] == 0.0) {
                (true, _) => tr!(" — x₁ is exactly 0", " — x₁이 정확히 0"),
                (_, true) => tr!(" — x₂ is exactly 0", " — x₂가 정확히 0"),
                _ => "",
            };
            format!("({:.4}, {:.4}){zero}", o.x[0], o.x[1])
        }
    }
}

#[function_component(Sparsity)]
pub fn sparsity() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let state = use_state(|| State {
        loss: Quadratic {
            center: [2.2, 0.35],
            angle: 0.5,
            curvature: [1.0, 4.0],
        },
        radius: 1.0,
        dragging: false,
    });
    let f = Frame {
        x: (-2.5, 2.5),
        y: (-2.5, 2.5),
        w: 300.0,
        h: 300.0,
    };
    let set_centre = move |state: &UseStateHandle<State>, e: &PointerEvent, dragging: bool| {
        if let Some(at) = f.world(e) {
            let mut s = (**state).clone();
            s.loss.center = [at[0].clamp(-2.5, 2.5), at[1].clamp(-2.5, 2.5)];
            s.dragging = dragging;
            state.set(s);
        }
    };
    let down = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            svg::capture(&e);
            set_centre(&state, &e, true);
        })
    };
    let moved = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            if state.dragging {
                set_centre(&state, &e, true);
            }
        })
    };
    let up = {
        let state = state.clone();
        Callback::from(move |_: PointerEvent| {
            let mut s = (*state).clone();
            s.dragging = false;
            state.set(s);
        })
    };
    // Arrow keys move the focused centre by 0.05, as a drag would.
    let keyed = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(d) = svg::arrow(&e) {
                let mut s = (*state).clone();
                s.loss.center = f.nudge(s.loss.center, d, 0.05);
                state.set(s);
            }
        })
    };
    let setter = |apply: fn(&mut State, f64)| updater(&state, apply);
    let q = state.loss;
    let t = state.radius;
    let o1 = on_l1_ball(&q, t);
    let o2 = on_l2_ball(&q, t);
    let view = |ball: Html, o: &Option<Optimum>, id: &'static str| {
        let at = o.map_or(1.0, |o| o.loss.max(1e-6));
        html! {
            <svg {id} viewBox={f.view_box()} data-loss={format!("{},{},{},{},{},{}", q.center[0], q.center[1], q.angle, q.curvature[0], q.curvature[1], t)} onpointerdown={down.clone()} onpointermove={moved.clone()} onpointerup={up.clone()} onpointercancel={up.clone()}>
                <path class="axis" d={svg::path(&f, [[-2.5, 0.0], [2.5, 0.0]])} />
                <path class="axis" d={svg::path(&f, [[0.0, -2.5], [0.0, 2.5]])} />
                { ball }
                { contours(&f, &q, at) }
                <circle class="centre" cx={format!("{:.2}", f.px(q.center[0]))} cy={format!("{:.2}", f.py(q.center[1]))} r="6"
                    tabindex="0" role="button" aria-label={trf!("loss centre at ({:.2}, {:.2}); arrow keys move it", "손실의 중심: ({:.2}, {:.2}), 화살표 키로 옮길 수 있습니다", q.center[0], q.center[1])}
                    onkeydown={keyed.clone()} />
                if let Some(o) = o { <circle class="optimum" cx={format!("{:.2}", f.px(o.x[0]))} cy={format!("{:.2}", f.py(o.x[1]))} r="6" /> }
            </svg>
        }
    };
    let diamond = html! { <path class="ball-l1" d={svg::path(&f, [[t, 0.0], [0.0, t], [-t, 0.0], [0.0, -t], [t, 0.0]])} /> };
    let circle = html! { <path class="ball-l2" d={svg::path(&f, (0..=96).map(|i| {
        let a = i as f64 / 96.0 * std::f64::consts::TAU;
        [t * a.cos(), t * a.sin()]
    }))} /> };
    html! {
        <div class="explainer" id="sparsity">
            <h3>{ tr!("Why L1 selects features", "L1이 특성을 고르는 이유") }</h3>
            <p>{ tr!("Minimise a quadratic loss (ellipses around its unconstrained best point ●) subject to ‖x‖ ≤ t. Drag the centre. The optimum (◆) is where the smallest ellipse touches the ball: on the diamond that is usually a corner, where a coordinate is exactly 0.", "‖x‖ ≤ t 제약 아래에서 이차 손실(제약 없는 최적점 ● 주위의 타원들)을 최소화합니다. 중심을 끌어 보세요. 최적점(◆)은 가장 작은 타원이 공에 닿는 곳입니다: 마름모에서는 대개 꼭짓점이고, 그곳에서는 좌표 하나가 정확히 0입니다.") }</p>
            { slider("sp-radius", tr!("ball radius t (smaller = stronger λ)", "공의 반지름 t (작을수록 λ가 강함)"), (0.2, 2.0, 0.05), t, setter(|s, v| s.radius = v)) }
            { slider("sp-angle", tr!("ellipse angle (rad)", "타원 각도 (rad)"), (0.0, std::f64::consts::PI, 0.02), q.angle, setter(|s, v| s.loss.angle = v)) }
            { slider("sp-aspect", tr!("ellipse elongation", "타원 길쭉함"), (1.0, 10.0, 0.5), q.curvature[1] / q.curvature[0], setter(|s, v| s.loss.curvature = [1.0, v])) }
            <div class="row">
                <div class="figure">{ view(diamond, &o1, "sp-l1-svg") }<p>{ tr!("L1 ball (diamond)", "L1 공 (마름모)") }</p></div>
                <div class="figure">{ view(circle, &o2, "sp-l2-svg") }<p>{ tr!("L2 ball (circle)", "L2 공 (원)") }</p></div>
                <dl class="readout">
                    <dt>{ tr!("centre", "중심") }</dt><dd id="sp-centre">{ format!("({:.4}, {:.4})", q.center[0], q.center[1]) }</dd>
                    <dt>{ tr!("L1 optimum", "L1 최적점") }</dt><dd id="sp-l1" data-x={o1.map(|o| format!("{},{}", o.x[0], o.x[1]))}>{ describe(&o1) }</dd>
                    <dt>{ tr!("L2 optimum", "L2 최적점") }</dt><dd id="sp-l2" data-x={o2.map(|o| format!("{},{}", o.x[0], o.x[1]))}>{ describe(&o2) }</dd>
                </dl>
            </div>
        </div>
    }
}
