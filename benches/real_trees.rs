//! Real-tree benchmark (`cargo bench --bench real_trees`): the built `effgraph` binary on a
//! million records, each row a ratio against an anchor measured in the same run (alternating
//! runs, median of the ratios):
//!
//! - JSON Lines with a computed `x=` and a `where=` filter ÷ the same render with plain fields;
//! - the same table as Parquet (Snappy) ÷ as CSV.
//!
//! Asserts nothing: the numbers are for reading.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

const RECORDS: usize = 1_000_000;
const RUNS: usize = 7;

/// The i-th record: model, config id, cost, score, step.
fn record(i: usize) -> (String, String, f64, f64, i64) {
    let x = 1e8 * (1 + i % 997) as f64;
    let y = 10.0 + (i % 113) as f64 / 10.0;
    (
        format!("m{}", i % 10),
        format!("c{i}"),
        x,
        y,
        (i % 50) as i64,
    )
}

fn write_jsonl_and_csv(dir: &Path) {
    let mut jsonl = BufWriter::new(File::create(dir.join("r.jsonl")).unwrap());
    let mut csv = BufWriter::new(File::create(dir.join("r.csv")).unwrap());
    writeln!(csv, "model,config_id,flops_per_token,perplexity,step").unwrap();
    for i in 0..RECORDS {
        let (m, c, x, y, step) = record(i);
        writeln!(
            jsonl,
            r#"{{"model":"{m}","config_id":"{c}","flops_per_token":{x:?},"perplexity":{y:?},"step":{step}}}"#
        )
        .unwrap();
        writeln!(csv, "{m},{c},{x:?},{y:?},{step}").unwrap();
    }
}

fn write_parquet(dir: &Path) {
    let schema = parse_message_type(
        "message r { REQUIRED BYTE_ARRAY model (UTF8); REQUIRED BYTE_ARRAY config_id (UTF8);
         REQUIRED DOUBLE flops_per_token; REQUIRED DOUBLE perplexity; REQUIRED INT64 step; }",
    )
    .unwrap();
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let file = File::create(dir.join("r.parquet")).unwrap();
    let mut writer =
        SerializedFileWriter::new(file, Arc::new(schema), Arc::new(properties)).unwrap();
    let rows: Vec<_> = (0..RECORDS).map(record).collect();
    let mut group = writer.next_row_group().unwrap();
    let texts = |f: fn(&(String, String, f64, f64, i64)) -> &String| -> Vec<ByteArray> {
        rows.iter()
            .map(|r| ByteArray::from(f(r).as_str()))
            .collect()
    };
    for column in 0..5 {
        let mut c = group.next_column().unwrap().unwrap();
        match column {
            0 => c
                .typed::<ByteArrayType>()
                .write_batch(&texts(|r| &r.0), None, None),
            1 => c
                .typed::<ByteArrayType>()
                .write_batch(&texts(|r| &r.1), None, None),
            2 => c.typed::<DoubleType>().write_batch(
                &rows.iter().map(|r| r.2).collect::<Vec<_>>(),
                None,
                None,
            ),
            3 => c.typed::<DoubleType>().write_batch(
                &rows.iter().map(|r| r.3).collect::<Vec<_>>(),
                None,
                None,
            ),
            _ => c.typed::<Int64Type>().write_batch(
                &rows.iter().map(|r| r.4).collect::<Vec<_>>(),
                None,
                None,
            ),
        }
        .unwrap();
        c.close().unwrap();
    }
    group.close().unwrap();
    writer.close().unwrap();
}

/// Wall time of `effgraph render --results-dir FILE ARGS` in `dir`; it must succeed.
fn time(dir: &Path, file: &str, args: &[&str]) -> f64 {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_effgraph"))
        .args(["render", "--results-dir", file, "-o", "out/fig"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "render {file} {args:?} failed");
    start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The median ratio of `job` to `anchor`, alternating them.
fn ratio(job: impl Fn() -> f64, anchor: impl Fn() -> f64) -> (f64, f64, f64) {
    let (mut ratios, mut jobs, mut anchors) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (j, a) = (job(), anchor());
        ratios.push(j / a);
        jobs.push(j);
        anchors.push(a);
    }
    (median(ratios), median(jobs), median(anchors))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    write_jsonl_and_csv(dir.path());
    write_parquet(dir.path());
    let d = dir.path();
    let computed = ["--x", "2 * {flops_per_token}", "--where", "{step} >= 0"];
    let rows = [
        (
            "1e6 JSON Lines records, computed x= and where= ÷ plain fields",
            ratio(|| time(d, "r.jsonl", &computed), || time(d, "r.jsonl", &[])),
        ),
        (
            "1e6 rows as Parquet ÷ as CSV",
            ratio(|| time(d, "r.parquet", &[]), || time(d, "r.csv", &[])),
        ),
    ];
    println!(
        "{:<64} {:>7} {:>9} {:>9}",
        "job", "ratio", "job s", "anchor s"
    );
    for (name, (r, j, a)) in rows {
        println!("{name:<64} {r:>7.2} {j:>9.3} {a:>9.3}");
    }
}
