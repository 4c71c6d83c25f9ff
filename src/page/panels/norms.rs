//! L1 vs L2 lengths (slide 8): taxicab staircases against the straight line between two
//! draggable lattice points, and the unit balls with a draggable point's three norms.

use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::svg::{self, Frame};
use earthmover_explain::norms::{l1, l2, lattice_paths, linf, staircases};

/// The slide's colours: red, blue and yellow staircases, the green straight line.
const STAIR_COLOURS: [&str; 3] = ["#d62828", "#1d4ed8", "#e0a800"];
const GRID: (i64, i64) = (12, 8);

#[derive(Clone, PartialEq)]
struct Points {
    a: [i64; 2],
    b: [i64; 2],
    drag: Option<bool>,
}

#[function_component(NormPaths)]
pub fn norm_paths() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let pts = use_state(|| Points {
        a: [1, 1],
        b: [8, 6],
        drag: None,
    });
    let f = Frame {
        x: (-0.5, GRID.0 as f64 + 0.5),
        y: (-0.5, GRID.1 as f64 + 0.5),
        w: 520.0,
        h: 360.0,
    };
    let snap = move |at: [f64; 2]| {
        [
            at[0].round().clamp(0.0, GRID.0 as f64) as i64,
            at[1].round().clamp(0.0, GRID.1 as f64) as i64,
        ]
    };
    let down = {
        let pts = pts.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(at) = f.world(&e) else { return };
            let d = |p: [i64; 2]| (p[0] as f64 - at[0]).hypot(p[1] as f64 - at[1]);
            let pick_a = d(pts.a) <= d(pts.b);
            if d(if pick_a { pts.a } else { pts.b }) < 0.8 {
                svg::capture(&e);
                pts.set(Points {
                    drag: Some(pick_a),
                    ..(*pts).clone()
                });
            }
        })
    };
    let moved = {
        let pts = pts.clone();
        Callback::from(move |e: PointerEvent| {
            let (Some(is_a), Some(at)) = (pts.drag, f.world(&e)) else {
                return;
            };
            let mut p = (*pts).clone();
            if is_a {
                p.a = snap(at);
            } else {
                p.b = snap(at);
            }
            if p != *pts {
                pts.set(p);
            }
        })
    };
    let up = {
        let pts = pts.clone();
        Callback::from(move |_: PointerEvent| {
            if pts.drag.is_some() {
                pts.set(Points {
                    drag: None,
                    ..(*pts).clone()
                });
            }
        })
    };
    let (a, b) = (pts.a, pts.b);
    let delta = [(b[0] - a[0]) as f64, (b[1] - a[1]) as f64];
    let count = lattice_paths(
        (b[0] - a[0]).unsigned_abs() as u32,
        (b[1] - a[1]).unsigned_abs() as u32,
    );
    let grid_lines = (0..=GRID.0)
        .map(|i| svg::path(&f, [[i as f64, 0.0], [i as f64, GRID.1 as f64]]))
        .chain((0..=GRID.1).map(|j| svg::path(&f, [[0.0, j as f64], [GRID.0 as f64, j as f64]])))
        .map(|d| html! { <path class="lattice" {d} /> });
    // Offset each staircase slightly so overlapping stretches stay visible.
    let stairs = staircases(a, b)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            let off = (k as f64 - 1.0) * 0.06;
            let d = svg::path(&f, p.iter().map(|q| [q[0] as f64 + off, q[1] as f64 + off]));
            html! { <path class="stair" {d} stroke={STAIR_COLOURS[k]} /> }
        });
    // Arrow keys move a focused handle one lattice step, as a drag would.
    let keyed = |is_a: bool| {
        let pts = pts.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(d) = svg::arrow(&e) else { return };
            let mut p = (*pts).clone();
            let q = if is_a { &mut p.a } else { &mut p.b };
            *q = snap([q[0] as f64 + d[0], q[1] as f64 + d[1]]);
            if p != *pts {
                pts.set(p);
            }
        })
    };
    let handle = |p: [i64; 2], id: &'static str, name: &str, is_a: bool| {
        html! {
            <circle {id} class="handle" cx={format!("{:.2}", f.px(p[0] as f64))} cy={format!("{:.2}", f.py(p[1] as f64))} r="9"
                tabindex="0" role="button" aria-label={trf!("{name} at ({}, {}); arrow keys move it", "{name}: ({}, {}), 화살표 키로 옮길 수 있습니다", p[0], p[1])}
                onkeydown={keyed(is_a)} />
        }
    };
    html! {
        <div class="explainer" id="shortest-paths">
            <h3>{ tr!("Shortest paths", "최단 경로") }</h3>
            <p>{ tr!("Drag the two points. Every staircase that only moves towards the target has the same L1 length; the straight green line is the one shortest L2 path.", "두 점을 끌어 보세요. 목표 쪽으로만 움직이는 계단 경로는 모두 L1 길이가 같습니다. 초록색 직선은 하나뿐인 L2 최단 경로입니다.") }</p>
            <div class="row">
                <svg id="paths-svg" viewBox={f.view_box()} data-a={format!("{},{}", a[0], a[1])} data-b={format!("{},{}", b[0], b[1])}
                    onpointerdown={down} onpointermove={moved} onpointerup={up.clone()} onpointercancel={up}>
                    { for grid_lines }
                    { for stairs }
                    <path class="straight" d={svg::path(&f, [[a[0] as f64, a[1] as f64], [b[0] as f64, b[1] as f64]])} />
                    { handle(a, "paths-a", tr!("point A", "점 A"), true) }
                    { handle(b, "paths-b", tr!("point B", "점 B"), false) }
                </svg>
                <dl class="readout">
                    <dt>{ tr!("L1 length |Δx| + |Δy|", "L1 길이 |Δx| + |Δy|") }</dt><dd id="norm-l1">{ svg::num(l1(delta)) }</dd>
                    <dt>{ tr!("L2 length √(Δx² + Δy²)", "L2 길이 √(Δx² + Δy²)") }</dt><dd id="norm-l2">{ svg::num(l2(delta)) }</dd>
                    <dt>{ tr!("shortest L1 paths C(|Δx|+|Δy|, |Δx|)", "L1 최단 경로 수 C(|Δx|+|Δy|, |Δx|)") }</dt>
                    <dd id="norm-paths">{ count.map_or(tr!("too many", "너무 많음").to_string(), |c| c.to_string()) }</dd>
                    <dt>{ tr!("shortest L2 paths", "L2 최단 경로 수") }</dt><dd>{ if a == b { "—" } else { "1" } }</dd>
                </dl>
            </div>
        </div>
    }
}

#[function_component(UnitBalls)]
pub fn unit_balls() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let point = use_state(|| ([0.6f64, 0.5f64], false));
    let f = Frame {
        x: (-1.6, 1.6),
        y: (-1.6, 1.6),
        w: 320.0,
        h: 320.0,
    };
    let down = {
        let point = point.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(at) = f.world(&e) {
                svg::capture(&e);
                point.set((at, true));
            }
        })
    };
    let moved = {
        let point = point.clone();
        Callback::from(move |e: PointerEvent| {
            if point.1
                && let Some(at) = f.world(&e)
            {
                point.set((at, true));
            }
        })
    };
    let up = {
        let point = point.clone();
        Callback::from(move |_: PointerEvent| point.set((point.0, false)))
    };
    // Arrow keys move the focused point by 0.05, as a drag would.
    let keyed = {
        let point = point.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(d) = svg::arrow(&e) {
                point.set((f.nudge(point.0, d, 0.05), false));
            }
        })
    };
    let p = point.0;
    let circle = svg::path(
        &f,
        (0..=96).map(|i| {
            let t = i as f64 / 96.0 * std::f64::consts::TAU;
            [t.cos(), t.sin()]
        }),
    );
    html! {
        <div class="explainer" id="unit-balls">
            <h3>{ tr!("Unit balls", "단위 공") }</h3>
            <p>{ tr!("Points at distance 1 from the origin: a diamond for L1, a circle for L2, a square for L∞. Drag the point (or click anywhere).", "원점에서 거리가 1인 점들: L1은 마름모, L2는 원, L∞는 정사각형입니다. 점을 끌어 보세요 (아무 곳이나 클릭해도 됩니다).") }</p>
            <div class="row">
                <svg id="balls-svg" viewBox={f.view_box()} data-point={format!("{},{}", p[0], p[1])} onpointerdown={down} onpointermove={moved} onpointerup={up.clone()} onpointercancel={up}>
                    <path class="axis" d={svg::path(&f, [[-1.6, 0.0], [1.6, 0.0]])} />
                    <path class="axis" d={svg::path(&f, [[0.0, -1.6], [0.0, 1.6]])} />
                    <path class="ball-linf" d={svg::path(&f, [[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [1.0, 1.0]])} />
                    <path class="ball-l2" d={circle} />
                    <path class="ball-l1" d={svg::path(&f, [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])} />
                    <circle id="balls-point" class="handle" cx={format!("{:.2}", f.px(p[0]))} cy={format!("{:.2}", f.py(p[1]))} r="7"
                        tabindex="0" role="button" aria-label={trf!("point at ({:.2}, {:.2}); arrow keys move it", "점: ({:.2}, {:.2}), 화살표 키로 옮길 수 있습니다", p[0], p[1])}
                        onkeydown={keyed} />
                </svg>
                <dl class="readout">
                    <dt>{ tr!("point", "점") }</dt><dd id="ball-point">{ format!("({:.3}, {:.3})", p[0], p[1]) }</dd>
                    <dt class="l1">{ "‖x‖₁" }</dt><dd id="ball-l1">{ svg::num(l1(p)) }</dd>
                    <dt class="l2">{ "‖x‖₂" }</dt><dd id="ball-l2">{ svg::num(l2(p)) }</dd>
                    <dt class="linf">{ "‖x‖∞" }</dt><dd id="ball-linf">{ svg::num(linf(p)) }</dd>
                </dl>
            </div>
        </div>
    }
}
