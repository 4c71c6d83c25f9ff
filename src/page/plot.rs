//! Drawing with plotters on canvas: the Lab's main plot and its charts.
//!
//! Every function draws one canvas completely from plain data, so a component redraws by
//! calling it again with the new snapshot.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use earthmover_protocol::{MANIFOLD_RES, Snapshot};

use crate::palette::{
    ARROW, ARROW_STEEP, BANDS, CONTOUR, STEEP, UPSAMPLE, contour_bands, steep_alpha, surface_colour,
};
pub use crate::palette::{FAKE, REAL};

/// Which layers of the main plot are on.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layers {
    /// Critic value heatmap with contour bands.
    pub surface: bool,
    /// ‖∇D‖ map lighting up where it exceeds 1.
    pub gradnorm: bool,
    /// Real samples.
    pub real: bool,
    /// Generated samples.
    pub fake: bool,
    /// Generator push arrows.
    pub arrows: bool,
    /// The gradient penalty's interpolates x̂ between real and generated samples.
    pub interpolates: bool,
    /// The generator manifold: the image of a grid in noise space.
    pub manifold: bool,
    /// The optimal EMD matching between a real and a generated batch.
    pub matching: bool,
}

/// Pairs drawn by the interpolates and matching layers: few enough to stay legible (and for the
/// exact matching to take well under a millisecond on the page's thread).
const OVERLAY_PAIRS: usize = 48;

/// x̂ = ε·real + (1 − ε)·fake for the first [`OVERLAY_PAIRS`] pairs, ε ~ U[0, 1] as in the
/// penalty (seeded by the step, so a paused plot does not flicker).
pub fn interpolates(real: &[f32], fake: &[f32], step: u64) -> Vec<f32> {
    let mut rng = earthmover_core::rng::Rng::new(step ^ 0x1E7E);
    real.chunks_exact(2)
        .zip(fake.chunks_exact(2))
        .take(OVERLAY_PAIRS)
        .flat_map(|(r, f)| {
            let e = rng.uniform() as f32;
            [e * r[0] + (1.0 - e) * f[0], e * r[1] + (1.0 - e) * f[1]]
        })
        .collect()
}

impl Layers {
    /// From the layer names in the shared state.
    pub fn from_names(names: &[String]) -> Self {
        let has = |n: &str| names.iter().any(|x| x == n);
        Self {
            surface: has("surface"),
            gradnorm: has("gradnorm"),
            real: has("real"),
            fake: has("fake"),
            arrows: has("arrows"),
            interpolates: has("interpolates"),
            manifold: has("manifold"),
            matching: has("matching"),
        }
    }
}

/// Paints a `res`×`res` grid of cells centred on the grid points of [−e, e]² (row 0 at the
/// bottom) as one image: one `drawImage` instead of thousands of styled rectangles, which keeps
/// a redraw far below a frame on the page's thread.
fn paint_cells(canvas: &HtmlCanvasElement, res: usize, e: f32, rgba: impl Fn(usize) -> [u8; 4]) {
    let mut pixels = vec![0u8; 4 * res * res];
    for j in 0..res {
        for i in 0..res {
            // Image rows run top-down, the grid's rows bottom-up.
            let at = 4 * ((res - 1 - j) * res + i);
            pixels[at..at + 4].copy_from_slice(&rgba(j * res + i));
        }
    }
    let paint = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let tile: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        tile.set_width(res as u32);
        tile.set_height(res as u32);
        let tile_ctx: CanvasRenderingContext2d = tile.get_context("2d").ok()??.dyn_into().ok()?;
        // `new ImageData(Uint8ClampedArray, w, h)` through js-sys: web-sys's `ImageData` feature
        // would change web-sys for the worker build too and rebuild all of wgpu for nothing.
        let data = js_sys::Uint8ClampedArray::from(&pixels[..]);
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"ImageData".into())
                .ok()?
                .dyn_into()
                .ok()?;
        let args = js_sys::Array::of3(&data, &(res as u32).into(), &(res as u32).into());
        let image = js_sys::Reflect::construct(&constructor, &args).ok()?;
        let put: js_sys::Function = js_sys::Reflect::get(&tile_ctx, &"putImageData".into())
            .ok()?
            .dyn_into()
            .ok()?;
        put.call3(&tile_ctx, &image, &0.into(), &0.into()).ok()?;
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.set_image_smoothing_enabled(false);
        // Each cell spans one grid step centred on its point, so the image overhangs [−e, e] by
        // half a cell on every side.
        let (w, h) = (canvas.width() as f64, canvas.height() as f64);
        let cell = 2.0 * e as f64 / (res - 1).max(1) as f64;
        let scale = (2.0 * e as f64 + cell) / (2.0 * e as f64);
        let (dw, dh) = (w * scale, h * scale);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &tile,
            -(dw - w) / 2.0,
            -(dh - h) / 2.0,
            dw,
            dh,
        )
        .ok()
    };
    let _ = paint();
}

/// The main plot: surface, ‖∇D‖ violations, samples, arrows, and points being drawn.
pub fn draw_main(canvas: &HtmlCanvasElement, snap: &Snapshot, layers: &Layers, drawn: &[[f32; 2]]) {
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let e = snap.surface.extent;
    let Ok(mut chart) = ChartBuilder::on(&root).build_cartesian_2d(-e..e, -e..e) else {
        return;
    };
    let res = snap.surface.res;
    if layers.surface && snap.surface.values.len() == res * res {
        // Bands with contour lines, as in the paper's figures: a peak a few percent of the
        // surface's range high shows as a ring.
        let (n, cells) = contour_bands(&snap.surface.values, res, UPSAMPLE, BANDS);
        paint_cells(canvas, n, e, |k| match cells[k] {
            Some(b) => {
                let c = surface_colour(b as f32 / (BANDS - 1) as f32);
                [c.0, c.1, c.2, 255]
            }
            None => [CONTOUR[0], CONTOUR[1], CONTOUR[2], 255],
        });
    }
    if layers.gradnorm && snap.surface.grad_norms.len() == res * res {
        // Red where the critic is steeper than the 1-Lipschitz bound, stronger the steeper.
        paint_cells(canvas, res, e, |k| {
            let alpha = steep_alpha(snap.surface.grad_norms[k]);
            [STEEP[0], STEEP[1], STEEP[2], (alpha * 255.0) as u8]
        });
    }
    let dots = |pts: &[f32], colour: RGBColor| {
        pts.chunks_exact(2)
            .map(move |p| Circle::new((p[0], p[1]), 2, colour.filled()))
            .collect::<Vec<_>>()
    };
    if layers.real {
        let _ = chart.draw_series(dots(&snap.real, REAL));
    }
    if layers.arrows && snap.arrows.len() == snap.fake.len() {
        // Arrow length ∝ push, scaled so the longest is a tenth of the plot.
        let longest = snap
            .arrows
            .chunks_exact(2)
            .map(|a| (a[0] * a[0] + a[1] * a[1]).sqrt())
            .fold(1e-12f32, f32::max);
        let scale = 0.2 * e / longest;
        let arrows = snap
            .fake
            .chunks_exact(2)
            .zip(snap.arrows.chunks_exact(2))
            .step_by(2)
            .map(|(p, a)| {
                let norm = (a[0] * a[0] + a[1] * a[1]).sqrt();
                let colour = if norm > 1.0 { ARROW_STEEP } else { ARROW };
                PathElement::new(
                    vec![(p[0], p[1]), (p[0] + a[0] * scale, p[1] + a[1] * scale)],
                    colour.mix(0.6),
                )
            });
        let _ = chart.draw_series(arrows);
    }
    if layers.manifold && snap.manifold.len() == 2 * MANIFOLD_RES * MANIFOLD_RES {
        // Grid lines of noise space, bent by the generator.
        let n = MANIFOLD_RES;
        let at = |i: usize, j: usize| {
            let k = 2 * (j * n + i);
            (snap.manifold[k], snap.manifold[k + 1])
        };
        let lines = (0..n).flat_map(|a| {
            [
                PathElement::new(
                    (0..n).map(|b| at(b, a)).collect::<Vec<_>>(),
                    RGBColor(20, 140, 90).mix(0.7),
                ),
                PathElement::new(
                    (0..n).map(|b| at(a, b)).collect::<Vec<_>>(),
                    RGBColor(20, 140, 90).mix(0.7),
                ),
            ]
        });
        let _ = chart.draw_series(lines);
    }
    if layers.matching {
        let n = OVERLAY_PAIRS
            .min(snap.real.len() / 2)
            .min(snap.fake.len() / 2);
        if let Some(m) =
            earthmover_core::metrics::emd::emd_2d(&snap.real[..2 * n], &snap.fake[..2 * n])
        {
            let segments = m.pairs.iter().enumerate().map(|(i, &j)| {
                PathElement::new(
                    vec![
                        (snap.real[2 * i], snap.real[2 * i + 1]),
                        (snap.fake[2 * j], snap.fake[2 * j + 1]),
                    ],
                    RGBColor(90, 90, 90).mix(0.8),
                )
            });
            let _ = chart.draw_series(segments);
        }
    }
    if layers.fake {
        let _ = chart.draw_series(dots(&snap.fake, FAKE));
    }
    if layers.interpolates {
        let x_hat = interpolates(&snap.real, &snap.fake, snap.step);
        let marks = x_hat
            .chunks_exact(2)
            .map(|p| Cross::new((p[0], p[1]), 3, RGBColor(150, 40, 160).stroke_width(2)));
        let _ = chart.draw_series(marks);
    }
    let drawn_dots = drawn
        .iter()
        .map(|p| Circle::new((p[0], p[1]), 4, REAL.stroke_width(2)));
    let _ = chart.draw_series(drawn_dots);
    let _ = root.present();
}

/// A line chart of one or more series over the step axis; `log` plots log10 of positive values.
pub fn draw_lines(canvas: &HtmlCanvasElement, series: &[(&[(f64, f64)], RGBColor)], log: bool) {
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let tf = |v: f64| if log { v.max(1e-12).log10() } else { v };
    let pts: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|(s, _)| s.iter().map(|&(x, y)| (x, tf(y))))
        .filter(|p| p.1.is_finite())
        .collect();
    if pts.is_empty() {
        let _ = root.present();
        return;
    }
    let (x0, x1) = pts
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = pts
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let pad = ((y1 - y0) * 0.08).max(1e-6);
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(4)
        .build_cartesian_2d(x0..x1.max(x0 + 1.0), (y0 - pad)..(y1 + pad))
    else {
        return;
    };
    if y0 - pad < 0.0 && y1 + pad > 0.0 && !log {
        let _ = chart.draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            RGBColor(180, 180, 180),
        )));
    }
    for (s, colour) in series {
        let line: Vec<(f64, f64)> = s
            .iter()
            .map(|&(x, y)| (x, tf(y)))
            .filter(|p| p.1.is_finite())
            .collect();
        let _ = chart.draw_series(LineSeries::new(line, colour.stroke_width(2)));
    }
    let _ = root.present();
}

/// Vertical bars, e.g. samples per mode or a histogram; `highlight_ends` colours the first and
/// last bars (weights piled at ±c).
pub fn draw_bars(
    canvas: &HtmlCanvasElement,
    values: &[f64],
    colour: RGBColor,
    highlight_ends: bool,
) {
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let top = values.iter().cloned().fold(0.0, f64::max).max(1e-12);
    let n = values.len().max(1);
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(4)
        .build_cartesian_2d(0.0..n as f64, 0.0..top * 1.05)
    else {
        return;
    };
    let bars = values.iter().enumerate().map(|(i, &v)| {
        let c = if highlight_ends && (i == 0 || i + 1 == n) {
            RGBColor(200, 40, 40)
        } else {
            colour
        };
        Rectangle::new([(i as f64 + 0.1, 0.0), (i as f64 + 0.9, v)], c.filled())
    });
    let _ = chart.draw_series(bars);
    let _ = root.present();
}

/// One curve of [`draw_curves`] and the point marked on it.
pub struct Curve<'a> {
    pub points: &'a [(f64, f64)],
    pub colour: RGBColor,
    pub mark: Option<(f64, f64)>,
}

/// A function plot with axes over fixed ranges (the explainer panels): values outside the y range
/// are clipped to its edge, so an infinite divergence shows as a line along the top.
pub fn draw_curves(
    canvas: &HtmlCanvasElement,
    x: (f64, f64),
    y: (f64, f64),
    curves: &[Curve],
    x_desc: &str,
) {
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(40)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
    else {
        return;
    };
    let _ = chart
        .configure_mesh()
        .x_desc(x_desc)
        .x_labels(6)
        .y_labels(6)
        .label_style(("sans-serif", 13))
        .draw();
    let clip = |v: f64| if v.is_nan() { y.0 } else { v.clamp(y.0, y.1) };
    for c in curves {
        let line: Vec<(f64, f64)> = c.points.iter().map(|&(a, b)| (a, clip(b))).collect();
        let _ = chart.draw_series(LineSeries::new(line, c.colour.stroke_width(3)));
        if let Some((a, b)) = c.mark {
            let _ = chart.draw_series(std::iter::once(Circle::new(
                (a, clip(b)),
                6,
                c.colour.filled(),
            )));
        }
    }
    let _ = root.present();
}

/// Chart colours beyond real and fake.
pub struct RGBColorExt;
impl RGBColorExt {
    pub fn light(c: plotters::style::RGBColor) -> plotters::style::RGBColor {
        plotters::style::RGBColor(
            ((c.0 as u16 + 2 * 255) / 3) as u8,
            ((c.1 as u16 + 2 * 255) / 3) as u8,
            ((c.2 as u16 + 2 * 255) / 3) as u8,
        )
    }
    pub fn gp() -> plotters::style::RGBColor {
        plotters::style::RGBColor(130, 60, 170)
    }
    pub fn hq() -> plotters::style::RGBColor {
        plotters::style::RGBColor(40, 150, 70)
    }
    pub fn weights() -> plotters::style::RGBColor {
        plotters::style::RGBColor(90, 90, 90)
    }
}
