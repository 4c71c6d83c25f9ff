//! The Lab's metric history and its CSV export ("Metrics CSV").

/// One point of the metric history, as the charts plot it.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricsRow {
    pub step: f64,
    pub w: f64,
    pub penalty: f64,
    pub g_loss: f64,
    /// Only on snapshots that carried the exact EMD (about once a second).
    pub emd: Option<f64>,
    pub high_quality: Option<f64>,
}

/// The history as CSV with a header row; missing values are empty cells, non-finite values are
/// written as `NaN`/`inf`/`-inf` so a spreadsheet shows what happened.
pub fn to_csv(rows: &[MetricsRow]) -> String {
    let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    let mut out = String::from("step,w_estimate,gradient_penalty,g_loss,emd,high_quality\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.step,
            r.w,
            r.penalty,
            r.g_loss,
            cell(r.emd),
            cell(r.high_quality)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_one_line_per_row_and_parses_back() {
        let rows = vec![
            MetricsRow {
                step: 0.0,
                w: 0.25,
                penalty: 1e-3,
                g_loss: -0.5,
                emd: Some(1.5),
                high_quality: None,
            },
            MetricsRow {
                step: 10.0,
                w: f64::NAN,
                penalty: 0.0,
                g_loss: f64::INFINITY,
                emd: None,
                high_quality: Some(0.75),
            },
        ];
        let csv = to_csv(&rows);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "step,w_estimate,gradient_penalty,g_loss,emd,high_quality"
        );
        let cells: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(cells.len(), 6);
        assert_eq!(cells[1].parse::<f64>().unwrap(), 0.25);
        assert_eq!(cells[4].parse::<f64>().unwrap(), 1.5);
        assert_eq!(cells[5], "");
        let cells: Vec<&str> = lines[2].split(',').collect();
        assert!(cells[1].parse::<f64>().unwrap().is_nan());
        assert_eq!(cells[3].parse::<f64>().unwrap(), f64::INFINITY);
        assert_eq!(cells[5].parse::<f64>().unwrap(), 0.75);
    }
}
