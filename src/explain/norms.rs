//! L1, L2 and L∞ geometry (lecture slide 8): lengths, the many equally short taxicab paths of L1
//! and the single straight line of L2.

/// Σ |xᵢ|: the taxicab length.
pub fn l1(v: [f64; 2]) -> f64 {
    v[0].abs() + v[1].abs()
}

/// √Σ xᵢ²: the Euclidean length.
pub fn l2(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

/// max |xᵢ|.
pub fn linf(v: [f64; 2]) -> f64 {
    v[0].abs().max(v[1].abs())
}

/// The number of shortest lattice (taxicab) paths with `dx` horizontal and `dy` vertical unit
/// steps: the binomial coefficient C(dx + dy, dx). `None` if it overflows u128.
pub fn lattice_paths(dx: u32, dy: u32) -> Option<u128> {
    let (n, k) = (dx as u128 + dy as u128, dx.min(dy) as u128);
    let mut c: u128 = 1;
    for i in 1..=k {
        // C(n−k+i, i) = C(n−k+i−1, i−1) · (n−k+i) / i, exact at every step.
        c = c.checked_mul(n - k + i)? / i;
    }
    Some(c)
}

/// A monotone lattice path from `a` to `b` as its corner points, one per unit step.
pub type Path = Vec<[i64; 2]>;

/// Up to three distinct shortest taxicab paths from `a` to `b`: horizontal first, vertical first,
/// and the staircase that hugs the straight line. All have length |Δx| + |Δy|.
pub fn staircases(a: [i64; 2], b: [i64; 2]) -> Vec<Path> {
    let (dx, dy) = ((b[0] - a[0]).abs(), (b[1] - a[1]).abs());
    let (sx, sy) = ((b[0] - a[0]).signum(), (b[1] - a[1]).signum());
    // Build a path from a rule choosing, at each step, whether to move horizontally.
    let walk = |horizontal: &dyn Fn(i64, i64) -> bool| -> Path {
        let mut p = vec![a];
        let (mut i, mut j) = (0, 0);
        while i < dx || j < dy {
            if j == dy || (i < dx && horizontal(i, j)) {
                i += 1;
            } else {
                j += 1;
            }
            p.push([a[0] + sx * i, a[1] + sy * j]);
        }
        p
    };
    let mut paths = vec![
        walk(&|_, _| true),
        walk(&|_, _| false),
        // Step horizontally while that keeps us on or below the diagonal (i/dx ≤ j/dy).
        walk(&|i, j| (2 * i + 1) * dy <= (2 * j + 1) * dx),
    ];
    let mut unique: Vec<Path> = Vec::new();
    for p in paths.drain(..) {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_by_enumeration(dx: u32, dy: u32) -> u128 {
        if dx == 0 || dy == 0 {
            1
        } else {
            count_by_enumeration(dx - 1, dy) + count_by_enumeration(dx, dy - 1)
        }
    }

    #[test]
    fn path_counts_match_enumeration() {
        for dx in 0..9 {
            for dy in 0..9 {
                assert_eq!(lattice_paths(dx, dy), Some(count_by_enumeration(dx, dy)));
            }
        }
        assert_eq!(lattice_paths(30, 30), Some(118_264_581_564_861_424));
        assert_eq!(lattice_paths(200, 200), None, "overflow is reported");
    }

    #[test]
    fn staircases_are_distinct_shortest_paths_of_length_l1() {
        for a in [[0, 0], [3, -2], [-4, 5]] {
            for b in [[0, 0], [5, 0], [0, -3], [4, 3], [-2, 6], [7, -1]] {
                let paths = staircases(a, b);
                let want = lattice_paths(
                    (b[0] - a[0]).unsigned_abs() as u32,
                    (b[1] - a[1]).unsigned_abs() as u32,
                )
                .unwrap();
                assert_eq!(paths.len() as u128, want.min(3), "{a:?}→{b:?}");
                let l1_len = l1([(b[0] - a[0]) as f64, (b[1] - a[1]) as f64]);
                for p in &paths {
                    assert_eq!(p.first(), Some(&a));
                    assert_eq!(p.last(), Some(&b));
                    assert_eq!((p.len() - 1) as f64, l1_len, "length is the L1 distance");
                    for w in p.windows(2) {
                        let step = (w[1][0] - w[0][0]).abs() + (w[1][1] - w[0][1]).abs();
                        assert_eq!(step, 1, "unit lattice steps");
                    }
                }
            }
        }
    }

    #[test]
    fn norms_of_known_vectors() {
        assert_eq!(l1([3.0, -4.0]), 7.0);
        assert_eq!(l2([3.0, -4.0]), 5.0);
        assert_eq!(linf([3.0, -4.0]), 4.0);
        // L∞ ≤ L2 ≤ L1 always.
        let mut rng = crate::engine::rng::Rng::new(5);
        for _ in 0..1000 {
            let v = [rng.normal(), rng.normal()];
            assert!(linf(v) <= l2(v) + 1e-15 && l2(v) <= l1(v) + 1e-15);
        }
    }
}
