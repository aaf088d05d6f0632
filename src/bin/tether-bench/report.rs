//! The sizes run's table and its SVG chart.

use crate::Row;

pub(crate) fn print_table(rows: &[Row]) {
    println!("organization transfer (execute) against the plain updateMany script:");
    println!(
        "{:>9} {:>9} | {:>7} {:>8} | {:>7} {:>8} {:>8} | {:>7} {:>6} | {:>7} {:>6} | {:>10} | same",
        "N",
        "docs",
        "scan s",
        "scan MiB",
        "exec s",
        "exec MiB",
        "docs/s",
        "plain s",
        "ratio",
        "count s",
        "ratio",
        "status ms"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} {:>8.1} | {:>7.2} {:>8.1} {:>8.0} | {:>7.2} {:>5.2}x | {:>7.3} {:>5.2}x | {:>4.0} / {:>3.0} | {}",
            r.n,
            r.org_documents,
            r.scan.seconds,
            r.scan.peak_rss_kib as f64 / 1024.0,
            r.execute.seconds,
            r.execute.peak_rss_kib as f64 / 1024.0,
            r.execute_docs_per_second,
            r.baseline_seconds,
            r.execute_vs_baseline,
            r.baseline_count_seconds,
            r.scan_vs_baseline_counts,
            r.status_ms_median,
            r.status_ms_max,
            if r.org_same_final_data { "yes" } else { "NO" }
        );
    }
    println!("undo log and rollback of the organization transfer:");
    println!(
        "{:>9} {:>9} | {:>7} {:>9} {:>6} | {:>8} {:>6} | {:>7} {:>7} {:>6} {:>7} | restored",
        "N", "docs", "exec s", "no-undo s", "ratio", "undo MiB", "B/doc", "rb scan", "rb exec", "rb MiB", "rb/exec"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} {:>9.2} {:>5.2}x | {:>8.1} {:>6.1} | {:>7.2} {:>7.2} {:>6.1} {:>6.2}x | {}",
            r.n,
            r.org_documents,
            r.execute.seconds,
            r.execute_no_undo.seconds,
            r.undo_vs_no_undo,
            r.undo_bytes as f64 / 1048576.0,
            r.undo_bytes_per_document,
            r.rollback_scan.seconds,
            r.rollback_execute.seconds,
            r.rollback_execute.peak_rss_kib.max(r.rollback_scan.peak_rss_kib) as f64 / 1024.0,
            r.rollback_vs_execute,
            if r.rollback_restores { "yes" } else { "NO" }
        );
    }
    println!("bulk department transfer:");
    println!(
        "{:>9} {:>9} | {:>7} | {:>7} {:>8} | {:>7} {:>6} | same",
        "N", "docs", "scan s", "exec s", "exec MiB", "plain s", "ratio"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} | {:>7.2} {:>8.1} | {:>7.2} {:>5.2}x | {}",
            r.n,
            r.bulk_documents,
            r.bulk_scan.seconds,
            r.bulk_execute.seconds,
            r.bulk_execute.peak_rss_kib as f64 / 1024.0,
            r.bulk_baseline_seconds,
            r.bulk_vs_baseline,
            if r.bulk_same_final_data { "yes" } else { "NO" }
        );
    }
}

/// Time against N, log-log, for the tool's execute and the plain script.
pub(crate) fn chart(rows: &[Row]) -> String {
    let (w, h, left, bottom, top, right) = (680.0, 400.0, 70.0, 50.0, 30.0, 200.0);
    type Series<'a> = (&'a str, &'a str, Vec<(f64, f64)>);
    let series: [Series; 4] = [
        ("org execute", "#1f77b4", rows.iter().map(|r| (r.n as f64, r.execute.seconds)).collect()),
        ("org plain updateMany", "#ff7f0e", rows.iter().map(|r| (r.n as f64, r.baseline_seconds)).collect()),
        ("bulk execute", "#2ca02c", rows.iter().map(|r| (r.n as f64, r.bulk_execute.seconds)).collect()),
        ("bulk plain updateMany", "#d62728", rows.iter().map(|r| (r.n as f64, r.bulk_baseline_seconds)).collect()),
    ];
    let xs: Vec<f64> = rows.iter().map(|r| r.n as f64).collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.2.iter().map(|p| p.1)).collect();
    let (xmin, xmax) = (
        xs.iter().cloned().fold(f64::MAX, f64::min).log10().floor(),
        xs.iter().cloned().fold(0.0, f64::max).log10().ceil(),
    );
    let (ymin, ymax) = (
        ys.iter().cloned().fold(f64::MAX, f64::min).log10().floor(),
        ys.iter().cloned().fold(0.0, f64::max).log10().ceil(),
    );
    let (xmax, ymax) = (xmax.max(xmin + 1.0), ymax.max(ymin + 1.0));
    let px = |x: f64| left + (x.log10() - xmin) / (xmax - xmin) * (w - left - right);
    let py = |y: f64| h - bottom - (y.log10() - ymin) / (ymax - ymin) * (h - top - bottom);
    let mut svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n<text x='{}' y='18' font-size='14'>tether-transfer vs plain updateMany: wall time against documents (log-log)</text>\n",
        left
    );
    for e in (xmin as i32)..=(xmax as i32) {
        let x = px(10f64.powi(e));
        svg += &format!(
            "<line x1='{x}' y1='{}' x2='{x}' y2='{}' stroke='#ddd'/><text x='{x}' y='{}' text-anchor='middle'>1e{e}</text>\n",
            top,
            h - bottom,
            h - bottom + 16.0
        );
    }
    for e in (ymin as i32)..=(ymax as i32) {
        let y = py(10f64.powi(e));
        svg += &format!(
            "<line x1='{left}' y1='{y}' x2='{}' y2='{y}' stroke='#ddd'/><text x='{}' y='{}' text-anchor='end'>{} s</text>\n",
            w - right,
            left - 6.0,
            y + 4.0,
            10f64.powi(e)
        );
    }
    svg += &format!(
        "<text x='{}' y='{}' text-anchor='middle'>documents owned by the moving user (N)</text>\n",
        (left + w - right) / 2.0,
        h - 10.0
    );
    for (i, (name, color, points)) in series.iter().enumerate() {
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y))).collect();
        svg += &format!("<polyline fill='none' stroke='{color}' stroke-width='2' points='{}'/>\n", path.join(" "));
        for (x, y) in points {
            svg += &format!("<circle cx='{:.1}' cy='{:.1}' r='3' fill='{color}'/>\n", px(*x), py(*y));
        }
        let ly = top + 20.0 + i as f64 * 18.0;
        svg += &format!(
            "<line x1='{}' y1='{ly}' x2='{}' y2='{ly}' stroke='{color}' stroke-width='2'/><text x='{}' y='{}'>{name}</text>\n",
            w - right + 10.0,
            w - right + 30.0,
            w - right + 35.0,
            ly + 4.0
        );
    }
    svg += "</svg>\n";
    svg
}
