//! The PNG the CLI writes: the critic's value as filled contour bands (darker lines where a band
//! ends), real samples in orange and generated samples in blue (in fixed-generator mode: real
//! samples plus N(0, 1) noise, what the critic is trained against), over [−2, 2]².

use std::path::Path;

use earthmover_engine::Trainer;
use earthmover_engine::probes::{Grid, critic_surface};
use earthmover_engine::to_host;
use plotters::prelude::*;

const EXTENT: f32 = 2.0;
const RES: usize = 120;
const BANDS: f32 = 14.0;
const SAMPLES: usize = 512;

fn band_colour(t: f32) -> RGBColor {
    // A light blue-to-yellow ramp, so dots stay visible on top.
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f32, b: f32| (a + (b - a) * t) as u8;
    RGBColor(lerp(200.0, 250.0), lerp(215.0, 240.0), lerp(245.0, 170.0))
}

/// Draws the trainer's current state to `path`.
pub fn write_png(trainer: &Trainer, path: &Path) -> Result<(), String> {
    let grid = Grid::square(EXTENT, RES);
    let (values, _) = critic_surface(trainer.critic(), &grid);
    let values = to_host(values);
    let (lo, hi) = values
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-12);
    let band = |v: f32| ((v - lo) / span * BANDS).floor().min(BANDS - 1.0);

    let fake = to_host(trainer.sample_fake(SAMPLES, 7));
    let real = trainer.sample_real(SAMPLES, 8);

    let root = BitMapBackend::new(path, (640, 640)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(&root)
        .build_cartesian_2d(-EXTENT..EXTENT, -EXTENT..EXTENT)
        .map_err(|e| e.to_string())?;
    let cell = 2.0 * EXTENT / (RES - 1) as f32;
    let at = |ix: usize, iy: usize| values[iy * RES + ix];
    let mut cells = Vec::with_capacity(RES * RES);
    for iy in 0..RES {
        for ix in 0..RES {
            let b = band(at(ix, iy));
            // A cell on a band boundary is drawn darker: the contour line.
            let edge = (ix + 1 < RES && band(at(ix + 1, iy)) != b)
                || (iy + 1 < RES && band(at(ix, iy + 1)) != b);
            let colour = if edge {
                RGBColor(110, 120, 150)
            } else {
                band_colour(b / (BANDS - 1.0))
            };
            let x = -EXTENT + ix as f32 * cell - cell / 2.0;
            let y = -EXTENT + iy as f32 * cell - cell / 2.0;
            cells.push(Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                colour.filled(),
            ));
        }
    }
    chart.draw_series(cells).map_err(|e| e.to_string())?;
    let dots = |pts: &[f32], colour: RGBColor| {
        pts.chunks_exact(2)
            .map(move |p| Circle::new((p[0], p[1]), 2, colour.filled()))
            .collect::<Vec<_>>()
    };
    chart
        .draw_series(dots(&real, RGBColor(240, 120, 20)))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(dots(&fake, RGBColor(20, 70, 200)))
        .map_err(|e| e.to_string())?;
    root.present()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
