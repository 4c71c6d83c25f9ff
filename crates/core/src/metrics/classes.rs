//! The MNIST tab's coverage metric: which digit classes the generator makes, from the
//! classifier's labels of a fixed batch of generated digits.

use serde::{Deserialize, Serialize};

/// A class's share at or above which it counts as present (the 2 %).
pub const PRESENT_SHARE: f64 = 0.02;

/// The class histogram of a batch of generated digits and what it says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ClassReport {
    /// Generated digits per class 0–9.
    pub counts: Vec<u32>,
    /// Classes with a share of at least [`PRESENT_SHARE`].
    pub present: usize,
    /// KL(histogram ‖ uniform over the `of` classes trained on), in nats: 0 when every trained
    /// class is equally common, ln(of) when one class takes everything.
    pub kl_uniform: f64,
    /// How many classes the run trains on (the uniform's support).
    pub of: usize,
}

/// The report for predicted labels, against a uniform over the `trained` classes.
pub fn class_report(labels: &[u8], trained: &[u8]) -> ClassReport {
    let mut counts = vec![0u32; 10];
    for &l in labels {
        counts[(l as usize).min(9)] += 1;
    }
    let n = labels.len().max(1) as f64;
    let present = counts
        .iter()
        .filter(|&&c| c as f64 / n >= PRESENT_SHARE)
        .count();
    let of = trained.len().max(1);
    let u = 1.0 / of as f64;
    // Mass on a class that is not trained on has zero uniform probability: KL is infinite.
    let kl_uniform = counts
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(class, &c)| {
            let p = c as f64 / n;
            if trained.contains(&(class as u8)) {
                p * (p / u).ln()
            } else {
                f64::INFINITY
            }
        })
        .sum();
    ClassReport {
        counts,
        present,
        kl_uniform,
        of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [u8; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    #[test]
    fn uniform_collapsed_and_partial_histograms() {
        let uniform: Vec<u8> = (0..1000).map(|i| (i % 10) as u8).collect();
        let r = class_report(&uniform, &ALL);
        assert_eq!((r.present, r.counts[3]), (10, 100));
        assert!(r.kl_uniform.abs() < 1e-12);
        let collapsed = vec![7u8; 300];
        let r = class_report(&collapsed, &ALL);
        assert_eq!(r.present, 1);
        assert!((r.kl_uniform - 10f64.ln()).abs() < 1e-12);
        // 1 % of a class is below the 2 % bar.
        let mut mostly = vec![1u8; 99];
        mostly.push(2);
        assert_eq!(class_report(&mostly, &ALL).present, 1);
        // Two trained classes, half and half: KL 0 against their uniform.
        let half: Vec<u8> = (0..10).map(|i| (i % 2) as u8).collect();
        assert!(class_report(&half, &[0, 1]).kl_uniform.abs() < 1e-12);
        assert!(class_report(&[5], &[0, 1]).kl_uniform.is_infinite());
        // Brute force: KL = Σ p ln(p·k).
        let labels = [0u8, 0, 0, 1, 2, 2];
        let expect = 0.5 * (0.5f64 * 10.0).ln()
            + (1.0 / 6.0) * (10.0f64 / 6.0).ln()
            + (1.0 / 3.0) * (10.0f64 / 3.0).ln();
        assert!((class_report(&labels, &ALL).kl_uniform - expect).abs() < 1e-12);
    }
}
