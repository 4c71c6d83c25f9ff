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

/// The critic's surface: a blue–white–yellow ramp for t ∈ [0, 1], quantised into 12 bands so
/// that contour lines show.
pub fn surface_colour(t: f32) -> RGBColor {
    let t = ((t.clamp(0.0, 1.0) * 12.0).floor() / 12.0) as f64;
    let lerp = |a: u8, b: u8, u: f64| (a as f64 + (b as f64 - a as f64) * u) as u8;
    if t < 0.5 {
        let u = t / 0.5;
        RGBColor(lerp(120, 245, u), lerp(150, 245, u), lerp(220, 245, u))
    } else {
        let u = (t - 0.5) / 0.5;
        RGBColor(lerp(245, 250, u), lerp(245, 215, u), lerp(245, 110, u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
