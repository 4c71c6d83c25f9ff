//! The MNIST tab's coverage metric: which digit classes the generator makes, from the
//! classifier's labels of a fixed batch of generated digits.

use serde::{Deserialize, Serialize};

/// A class's share at or above which it counts as present (the 2 %).
pub const PRESENT_SHARE: f64 = 0.02;

/// The classifier's probability at or above which a generated digit counts as readable.
pub const READABLE_CONFIDENCE: f32 = 0.9;
/// A class's share of the readable digits at or above which it counts (the goal: 8 classes).
pub const READABLE_CLASS_SHARE: f64 = 0.05;

/// How many generated digits the classifier reads with confidence, and how many classes they
/// spread over: digits that are recognisable *and* varied, not blobs the classifier has to
/// guess at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Readable {
    /// Share of the digits the classifier is at least [`READABLE_CONFIDENCE`] sure of.
    pub share: f64,
    /// Classes holding at least [`READABLE_CLASS_SHARE`] of those readable digits.
    pub classes: usize,
}

/// The [`Readable`] figures for predicted labels and whether each was confident.
pub fn readable(labels: &[u8], confident: &[bool]) -> Readable {
    let mut counts = [0usize; 10];
    let mut n = 0;
    for (&l, _) in labels.iter().zip(confident).filter(|(_, c)| **c) {
        counts[(l as usize).min(9)] += 1;
        n += 1;
    }
    Readable {
        share: n as f64 / labels.len().max(1) as f64,
        classes: counts
            .iter()
            .filter(|&&c| n > 0 && c as f64 / n as f64 >= READABLE_CLASS_SHARE)
            .count(),
    }
}

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
    fn readable_counts_only_confident_digits_and_classes_above_five_percent() {
        // 20 digits: 10 confident (eight 3s, one 4, one 5), 10 unsure 7s.
        let mut labels = vec![3u8; 8];
        labels.extend([4, 5]);
        labels.extend([7; 10]);
        let confident: Vec<bool> = (0..20).map(|i| i < 10).collect();
        let r = readable(&labels, &confident);
        assert_eq!(r.share, 0.5);
        // 3 (80 %), 4 and 5 (10 % each) count; 7 is never readable.
        assert_eq!(r.classes, 3);
        // Brute force over random inputs: the classes are those with ≥ 5 % of the confident.
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for _ in 0..200 {
            let n = next() % 300;
            let labels: Vec<u8> = (0..n).map(|_| (next() % 10) as u8).collect();
            let confident: Vec<bool> = (0..n).map(|_| next() % 3 > 0).collect();
            let r = readable(&labels, &confident);
            let sure: Vec<u8> = labels
                .iter()
                .zip(&confident)
                .filter(|p| *p.1)
                .map(|p| *p.0)
                .collect();
            let classes = (0..10u8)
                .filter(|c| {
                    let k = sure.iter().filter(|l| *l == c).count();
                    k > 0 && 20 * k >= sure.len()
                })
                .count();
            assert_eq!(r.classes, classes);
            assert_eq!(r.share, sure.len() as f64 / n.max(1) as f64);
        }
        assert_eq!(
            readable(&[], &[]),
            Readable {
                share: 0.0,
                classes: 0
            }
        );
    }

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
