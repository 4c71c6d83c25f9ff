//! The colours that carry meaning: real against generated samples, and "steeper than the
//! 1-Lipschitz bound" against everything else. Kept in one place, outside the wasm-only modules,
//! so a native test can check that students with deuteranopia or protanopia tell them apart.
//!
//! Orange and blue differ in the blue–yellow channel those students keep; "too steep" is red
//! and also darker than what it marks, so it survives as a difference in lightness.

use plotters::style::RGBColor;

/// Real data, in every chart.
pub const REAL: RGBColor = RGBColor(235, 120, 20);
/// Generated samples.
pub const FAKE: RGBColor = RGBColor(25, 80, 200);
/// A push arrow where the critic is steeper than 1 (‖∇D‖ > 1)…
pub const ARROW_STEEP: RGBColor = RGBColor(200, 40, 40);
/// …and elsewhere.
pub const ARROW: RGBColor = RGBColor(40, 40, 40);
/// The ‖∇D‖ > 1 map's red, laid over the critic's surface with more opacity the steeper.
pub const STEEP: [u8; 3] = [220, 30, 30];

/// The map's opacity for a gradient norm `g`: none up to 1, then from 0.15 to 0.75 at g ≥ 2.
pub fn steep_alpha(g: f32) -> f64 {
    if g > 1.0 {
        ((g - 1.0) as f64).min(1.0) * 0.6 + 0.15
    } else {
        0.0
    }
}

/// The critic's surface: a blue–white–yellow ramp for t ∈ [0, 1] (a band's place among
/// [`BANDS`]; the lines between bands are [`CONTOUR`]).
pub fn surface_colour(t: f32) -> RGBColor {
    let t = t.clamp(0.0, 1.0) as f64;
    let lerp = |a: u8, b: u8, u: f64| (a as f64 + (b as f64 - a as f64) * u) as u8;
    if t < 0.5 {
        let u = t / 0.5;
        RGBColor(lerp(120, 245, u), lerp(150, 245, u), lerp(220, 245, u))
    } else {
        let u = (t - 0.5) / 0.5;
        RGBColor(lerp(245, 250, u), lerp(245, 215, u), lerp(245, 110, u))
    }
}

/// Contour bands over the critic's surface: how many, and how finely the 48² grid is
/// interpolated before they are cut (so the lines are thin and round, not 10-pixel stairs).
pub const BANDS: usize = 20;
pub const UPSAMPLE: usize = 4;
/// A contour line's colour: dark enough to read on every band.
pub const CONTOUR: [u8; 3] = [100, 110, 140];

/// The surface `values` (a `res`×`res` grid, row by row) interpolated bilinearly `up`× finer
/// and cut into `bands` equal bands of its range. Returns the new side and, per pixel, its band,
/// or `None` where the band changes towards the next pixel right or up: a contour line. Peaks
/// far smaller than the surface's range show as closed rings, which flat colours hide.
pub fn contour_bands(
    values: &[f32],
    res: usize,
    up: usize,
    bands: usize,
) -> (usize, Vec<Option<usize>>) {
    if res < 2 || values.len() != res * res || up == 0 || bands == 0 {
        return (0, vec![]);
    }
    let n = (res - 1) * up + 1;
    let (lo, hi) = values
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-12);
    let at = |i: usize, j: usize| values[j * res + i];
    let mut band = vec![0usize; n * n];
    for y in 0..n {
        for x in 0..n {
            let (gx, gy) = (x as f32 / up as f32, y as f32 / up as f32);
            let (i, j) = ((gx as usize).min(res - 2), (gy as usize).min(res - 2));
            let (u, v) = (gx - i as f32, gy - j as f32);
            let value = at(i, j) * (1.0 - u) * (1.0 - v)
                + at(i + 1, j) * u * (1.0 - v)
                + at(i, j + 1) * (1.0 - u) * v
                + at(i + 1, j + 1) * u * v;
            band[y * n + x] = (((value - lo) / span * bands as f32) as usize).min(bands - 1);
        }
    }
    let cells = (0..n * n)
        .map(|k| {
            let (x, y) = (k % n, k / n);
            let b = band[k];
            let edge = (x + 1 < n && band[k + 1] != b) || (y + 1 < n && band[k + n] != b);
            (!edge).then_some(b)
        })
        .collect();
    (n, cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contours_ring_a_small_peak_and_leave_a_flat_surface_alone() {
        // A gently tilted plane with a peak in the middle of a 9×9 grid, steeper than the tilt.
        let res = 9;
        let values: Vec<f32> = (0..res * res)
            .map(|k| {
                let (i, j) = ((k % res) as f32, (k / res) as f32);
                let bump = if (i, j) == (4.0, 4.0) { 0.2 } else { 0.0 };
                0.1 * i + bump
            })
            .collect();
        let (n, cells) = contour_bands(&values, res, 4, 20);
        assert_eq!(n, 33);
        // The peak adds contour lines of its own around it (the tilt alone has straight ones).
        let plane: Vec<f32> = (0..res * res).map(|k| 0.1 * (k % res) as f32).collect();
        let edges = |c: &[Option<usize>]| c.iter().filter(|b| b.is_none()).count();
        let (_, tilt) = contour_bands(&plane, res, 4, 20);
        assert!(
            edges(&cells) > edges(&tilt) + 16,
            "{} vs {}",
            edges(&cells),
            edges(&tilt)
        );
        // The plane alone has 19 straight contour lines, each a column of edge pixels.
        let plane: Vec<f32> = (0..res * res).map(|k| (k % res) as f32).collect();
        let (_, cells) = contour_bands(&plane, res, 4, 20);
        let edge_columns = (0..n)
            .filter(|&x| (0..n).all(|y| cells[y * n + x].is_none()))
            .count();
        assert_eq!(edge_columns, 19);
        // Flat: no contours at all, one band.
        let (_, flat) = contour_bands(&vec![0.3; res * res], res, 4, 20);
        assert!(flat.iter().all(|c| *c == Some(0)));
        assert_eq!(
            contour_bands(&[1.0; 3], 2, 4, 20).0,
            0,
            "a grid of the wrong size"
        );
    }

    /// Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    fn linear(c: f64) -> f64 {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// CIELAB (D65) of an sRGB colour as seen through `m`.
    fn lab(rgb: [f64; 3], m: &[[f64; 3]; 3]) -> [f64; 3] {
        let l = rgb.map(linear);
        let s: Vec<f64> = m
            .iter()
            .map(|r| (r[0] * l[0] + r[1] * l[1] + r[2] * l[2]).clamp(0.0, 1.0))
            .collect();
        let xyz = [
            0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2],
            0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2],
            0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2],
        ];
        let white = [0.95047, 1.0, 1.08883];
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let [fx, fy, fz] = [0, 1, 2].map(|i| f(xyz[i] / white[i]));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// ΔE*76 between two colours as seen through `m`.
    fn delta(a: [f64; 3], b: [f64; 3], m: &[[f64; 3]; 3]) -> f64 {
        let (p, q) = (lab(a, m), lab(b, m));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }

    fn rgb(c: RGBColor) -> [f64; 3] {
        [c.0 as f64, c.1 as f64, c.2 as f64]
    }

    fn over(under: RGBColor, alpha: f64) -> [f64; 3] {
        let u = rgb(under);
        [0, 1, 2].map(|i| STEEP[i] as f64 * alpha + u[i] * (1.0 - alpha))
    }

    const VISIONS: [(&str, [[f64; 3]; 3]); 3] = [
        ("typical", IDENTITY),
        ("deuteranopia", DEUTERANOPIA),
        ("protanopia", PROTANOPIA),
    ];

    #[test]
    fn real_and_generated_stay_apart_under_colour_blindness() {
        for (name, m) in &VISIONS {
            let d = delta(rgb(REAL), rgb(FAKE), m);
            // 20 is a clearly visible difference; these differ by far more.
            assert!(d > 40.0, "{name}: real vs generated ΔE {d:.1}");
        }
    }

    #[test]
    fn too_steep_stays_visible_under_colour_blindness() {
        for (name, m) in &VISIONS {
            let d = delta(rgb(ARROW_STEEP), rgb(ARROW), m);
            assert!(d > 20.0, "{name}: steep vs plain arrow ΔE {d:.1}");
            // The map at ‖∇D‖ = 1.5 over every band of the surface.
            for band in 0..12 {
                let under = surface_colour(band as f32 / 12.0);
                let d = delta(over(under, steep_alpha(1.5)), rgb(under), m);
                assert!(d > 15.0, "{name}: map over band {band} ΔE {d:.1}");
            }
        }
        assert_eq!(steep_alpha(1.0), 0.0);
        assert!((steep_alpha(2.0) - 0.75).abs() < 1e-12);
    }
}
