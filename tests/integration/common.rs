use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// A run of a real program, built fluently and then run:
/// `Test::expand(dir, "paper.tex", "build/paper.tex").deps("build/paper.d").succeeds()`.
/// Every test runs `effgraph`, `latexmk` and the other tools through it (or through the
/// helpers below, which are built on it).
pub struct Test {
    program: PathBuf,
    cwd: PathBuf,
    args: Vec<String>,
    env: Vec<(String, std::ffi::OsString)>,
}

impl Test {
    /// The real `effgraph` binary, run in `cwd`.
    pub fn effgraph(cwd: &Path) -> Test {
        Test::program(env!("CARGO_BIN_EXE_effgraph"), cwd)
    }

    /// `effgraph expand INPUT -o OUTPUT`, run in `cwd`.
    pub fn expand(cwd: &Path, input: &str, output: &str) -> Test {
        Test::effgraph(cwd).args(&["expand", input, "-o", output])
    }

    /// `latexmk -pdf` on `name`, stopping at the first error, run in `cwd`.
    pub fn latexmk(cwd: &Path, name: &str) -> Test {
        Test::program("latexmk", cwd).args(&[
            "-pdf",
            "-interaction=nonstopmode",
            "-halt-on-error",
            name,
        ])
    }

    /// Any program found on the path, run in `cwd`.
    pub fn program(program: impl Into<PathBuf>, cwd: &Path) -> Test {
        Test {
            program: program.into(),
            cwd: cwd.to_path_buf(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// `make` run in `cwd` with `EFFGRAPH` set to the binary under test.
    pub fn make(cwd: &Path) -> Test {
        let effgraph = format!("EFFGRAPH={}", env!("CARGO_BIN_EXE_effgraph"));
        Test::program("make", cwd).args(&[&effgraph])
    }

    /// With the folder of the binaries under test first on `PATH`, as an installed effgraph
    /// is found by latexmk and Make.
    pub fn with_effgraph_on_path(mut self) -> Test {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_effgraph")).parent().unwrap();
        let mut path = std::ffi::OsString::from(bin_dir);
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
        self.env.push(("PATH".into(), path));
        self
    }

    /// With `key` set to `value` in the program's environment.
    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// `--macros FILE`: the values as LaTeX macros.
    pub fn macros(self, file: &str) -> Test {
        self.args(&["--macros", file])
    }

    /// `--deps FILE`: the dependency list.
    pub fn deps(self, file: &str) -> Test {
        self.args(&["--deps", file])
    }

    /// Runs to completion; a run that hangs (a FIFO read, say) is killed after two minutes
    /// and fails the test instead of hanging the suite.
    pub fn run(self) -> Output {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.cwd);
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        output_within(command, std::time::Duration::from_secs(120))
    }

    /// Runs, failing the test with the program's output unless it exits with 0.
    pub fn succeeds(self) -> Output {
        self.exits(0)
    }

    /// Runs, failing the test with the program's output unless it exits with `code`.
    pub fn exits(self, code: i32) -> Output {
        let shown = format!("{} {:?}", self.program.display(), self.args);
        let o = self.run();
        assert_eq!(
            o.status.code(),
            Some(code),
            "{shown}:\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        o
    }
}

/// Runs the real `effgraph` binary in `cwd` with `args` (see [`Test`]).
pub fn effgraph(cwd: &Path, args: &[&str]) -> Output {
    Test::effgraph(cwd).args(args).run()
}

/// Runs `command` to completion, killing it (and failing) if it takes longer than `limit`.
pub fn output_within(mut command: Command, limit: std::time::Duration) -> Output {
    use std::io::Read;
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the command starts");
    let mut pipes = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        pipes.0.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        pipes.1.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding `files` (relative path, contents).
pub fn temp_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Whether `tool` is on PATH. A missing tool fails the test: a skipped check must never read
/// as a pass. Only with `EFFGRAPH_SKIP_MISSING_TOOLS=1` (and never under `CI`) is the check
/// skipped, with a note; `.ci/run` installs every tool.
pub fn have_tool(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()));
    if !found {
        missing(&format!("`{tool}`"));
    }
    found
}

/// Fails the test for a missing tool unless skipping is asked for (and not under `CI`).
fn missing(what: &str) {
    let skip = std::env::var_os("EFFGRAPH_SKIP_MISSING_TOOLS").is_some()
        && std::env::var_os("CI").is_none();
    assert!(
        skip,
        "{what} is needed by this test (.ci/run installs it; set EFFGRAPH_SKIP_MISSING_TOOLS=1 \
         to skip such checks on purpose)"
    );
    eprintln!("note: {what} not found; skipping the check that needs it");
}

/// Whether `python3` can import `module` (the Typst compiler ships as PyPI's `typst`), with
/// [`have_tool`]'s rules for a missing one.
pub fn have_python_module(module: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        missing(&format!("the Python module `{module}`"));
    }
    found
}

/// Runs an external tool and returns its stdout, failing the test with its stderr.
pub fn run_tool(tool: &str, args: &[&str]) -> String {
    stdout(&Test::program(tool, Path::new(".")).args(args).succeeds())
}

/// Runs the real `mdbook-effgraph` on the book at `root` as mdBook would (the same JSON on
/// stdin), so its exit status and stderr can be checked.
pub fn run_preprocessor(root: &Path, renderer: &str) -> std::process::Output {
    run_preprocessor_with(root, renderer, &[])
}

/// [`run_preprocessor`] with these environment variables set.
pub fn run_preprocessor_with(
    root: &Path,
    renderer: &str,
    env: &[(&str, &Path)],
) -> std::process::Output {
    use std::io::Write;
    let book = mdbook_driver::MDBook::load(root).unwrap();
    let ctx = mdbook_preprocessor::PreprocessorContext::new(
        root.to_path_buf(),
        book.config.clone(),
        renderer.to_string(),
    );
    let input = serde_json::to_vec(&(&ctx, &book.book)).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-effgraph"));
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    child.wait_with_output().unwrap()
}

/// A book at `root` of one chapter, `c.md`, holding `chapter`, with effgraph's preprocessor
/// (its `book.toml` gets `extra` lines too).
pub fn one_chapter_book(root: &Path, chapter: &str, extra: &str) {
    let book = format!("[book]\ntitle = \"t\"\n{extra}\n[preprocessor.effgraph]\n");
    std::fs::write(root.join("book.toml"), book).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/SUMMARY.md"), "# S\n\n- [C](c.md)\n").unwrap();
    std::fs::write(root.join("src/c.md"), chapter).unwrap();
}

/// Every file under `dir` (following no links) with its bytes; links and special files by kind.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                files.push((path, b"<dir>".to_vec()));
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            } else {
                files.push((path, format!("{:?}", meta.file_type()).into_bytes()));
            }
        }
    }
    files.sort();
    files
}

/// Copies a folder tree (files and folders; nothing else is in fixtures).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of the fixture `case`, with its shared data filled in: the fixture books
/// and papers read the hand-checked results of `old_layout`, which exist once in the
/// repository and are copied into `data/` here.
pub fn fixture_copy(case: &str) -> tempfile::TempDir {
    let dir = temp_copy(&fixture(case));
    if ["book_basic", "latex_paper"].contains(&case) {
        copy_dir(
            &fixture("old_layout/results"),
            &dir.path().join("data/results"),
        );
        std::fs::copy(
            fixture("old_layout/reqs.toml"),
            dir.path().join("data/reqs.toml"),
        )
        .unwrap();
    }
    dir
}

/// A temporary copy of a folder tree, so tests never touch the repository.
pub fn temp_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    dir
}

/// Compiles `paper.tex` in `dir` with `latexmk -pdf`, failing the test with its log.
pub fn latexmk_pdf(dir: &Path) {
    latexmk_pdf_named(dir, "paper.tex")
}

/// Compiles `name` in `dir` with `latexmk -pdf`, failing the test with its log.
pub fn latexmk_pdf_named(dir: &Path, name: &str) {
    Test::latexmk(dir, name).succeeds();
}

/// Builds the book at `root` with mdBook's own crates, running the real `mdbook-effgraph`.
pub fn build_book(root: &Path) -> Result<(), String> {
    let mut config = mdbook_driver::config::Config::from_disk(root.join("book.toml")).unwrap();
    config
        .set(
            "preprocessor.effgraph.command",
            env!("CARGO_BIN_EXE_mdbook-effgraph"),
        )
        .unwrap();
    let book =
        mdbook_driver::MDBook::load_with_config(root, config).map_err(|e| format!("{e:#}"))?;
    book.build().map_err(|e| format!("{e:#}"))
}

/// The DOM of the page `html` after headless Chromium loaded it and ran its scripts, or
/// `None` (outside CI) when Chromium is not installed.
pub fn chromium_dom(html: &Path) -> Option<String> {
    chromium(html, &["--virtual-time-budget=2000", "--dump-dom"])
}

/// Runs headless Chromium on the page `html` with `args` (a window size, `--dump-dom`,
/// `--print-to-pdf=…`) and returns its stdout, or `None` (outside CI) without Chromium.
pub fn chromium(html: &Path, args: &[&str]) -> Option<String> {
    if !have_tool("chromium") {
        return None;
    }
    let profile = tempfile::tempdir().unwrap();
    let mut command = Command::new("chromium");
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        &format!("--user-data-dir={}", profile.path().display()),
    ]);
    command.args(args);
    command.arg(format!("file://{}", html.display()));
    let out = output_within(command, std::time::Duration::from_secs(120));
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// An image embedded in a page as a data URI.
pub struct PageImage {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Every image in `html` given as base64 data (`<img src="data:…">` or an SVG
/// `<image href="data:…">`), decoded.
pub fn page_images(html: &str) -> Vec<PageImage> {
    use base64::prelude::{BASE64_STANDARD, Engine as _};
    let attribute = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..start + tag[start..].find('"')?].to_string())
    };
    html.split('<')
        .filter_map(|rest| {
            let (source, rest) = if let Some(rest) = rest.strip_prefix("img ") {
                ("src", rest)
            } else {
                ("href", rest.strip_prefix("image ")?)
            };
            let tag = format!(" {}", &rest[..rest.find('>')?]);
            let tag = tag.as_str();
            let src = attribute(tag, source)?;
            let (mime, data) = src.strip_prefix("data:")?.split_once(";base64,")?;
            Some(PageImage {
                mime: mime.to_string(),
                bytes: BASE64_STANDARD.decode(data).expect("valid base64"),
            })
        })
        .collect()
}

/// The rows of the first `<table class="{class}">` in `html`, each cell as the text a reader
/// sees (tags removed, entities decoded), headers included.
pub fn html_table(html: &str, class: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table class=\"{class}\">"))
        .unwrap_or_else(|| panic!("no {class} table in:\n{html}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let text = |cell: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x2F;", "/")
            .replace("&amp;", "&")
            .trim()
            .to_string()
    };
    table
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('h') || c.starts_with('d'))
                .filter(|c| !c.starts_with("head") && !c.starts_with("body"))
                .map(|c| text(&format!("<t{c}")))
                .collect()
        })
        .collect()
}

/// Decodes an 8-bit PNG into (width, height, RGB pixels), dropping alpha if present.
pub fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    buf.truncate(frame.buffer_size());
    let channels = frame.color_type.samples();
    assert!(
        channels >= 3 && frame.bit_depth == png::BitDepth::Eight,
        "{frame:?}"
    );
    let rgb = buf.chunks(channels).flat_map(|p| p[..3].to_vec()).collect();
    (frame.width, frame.height, rgb)
}

pub const LONG_NAMES: [&str; 12] = [
    "Transformer++ (Chinchilla-optimal replication)",
    "Mamba-2",
    "ResNet-BK (ours, 2026)",
    "RWKV-4 World",
    "Hyena Hierarchy with long convolutions",
    "Pythia-deduped",
    "GPT-NeoX",
    "RetNet",
    "H3 (Hungry Hungry Hippos)",
    "S4-LM",
    "Linear Transformer",
    "OPT",
];

/// A model's configurations on a power law `ppl = a · flops^-b`, at `n` budgets from `lo`.
pub fn power_law(
    model: &str,
    a: f64,
    b: f64,
    lo: f64,
    step: f64,
    n: usize,
) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            let flops = lo * step.powi(i as i32);
            serde_json::json!({
                "model": model,
                "config_id": format!("c{i}"),
                "flops_per_token": flops,
                "perplexity": a * flops.powf(-b),
            })
        })
        .collect()
}

pub fn long_named_data(models: usize) -> (String, String) {
    let mut records = Vec::new();
    for (i, name) in LONG_NAMES.iter().take(models).enumerate() {
        let a = 900.0 * (1.0 + 0.08 * i as f64);
        let b = 0.16 + 0.012 * ((i * 7) % 12) as f64;
        records.extend(power_law(name, a, b, 2e8 * (1.0 + 0.15 * i as f64), 2.0, 6));
    }
    let mut reqs = String::new();
    for (id, c, b, at) in [
        ("R1", 2, 0, 30.0),
        ("R2", 1, 2, 25.0),
        ("R3", 5, 6, 20.0),
        ("R4", 9, 10, 28.0),
    ] {
        if c < models && b < models {
            reqs.push_str(&format!(
                "[[requirement]]\nid = \"{id}\"\ndescription = \"{} reaches PPL {at} with fewer FLOPs than {}\"\nmetric = \"flops_ratio\"\ncandidate = \"{}\"\nbaseline = \"{}\"\nat_ppl = {at:?}\nthreshold = 1.2\n\n",
                LONG_NAMES[c], LONG_NAMES[b], LONG_NAMES[c], LONG_NAMES[b]
            ));
        }
    }
    (serde_json::to_string(&records).unwrap(), reqs)
}

/// A word of a PDF page where `pdftotext -bbox-layout` finds it (points, y down).
pub struct PdfWord {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The number in attribute `key="…"` of an XML-like tag or line.
pub fn attribute(tag: &str, key: &str) -> f64 {
    let start = tag.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
    tag[start..start + tag[start..].find('"').unwrap()]
        .parse()
        .unwrap()
}

/// The width and height of a PDF's first page in points, as `pdfinfo` gives them.
pub fn pdf_page_size(pdf: &Path) -> (f64, f64) {
    let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let dims: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (dims[0], dims[1])
}

/// The words of a PDF's first page, with the page's width: the one reader of
/// `pdftotext -bbox-layout`.
pub fn pdf_words(pdf: &Path) -> (f64, Vec<PdfWord>) {
    let xml = run_tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let page = &xml[xml.find("<page ").unwrap()..];
    let width = attribute(&page[..page.find('>').unwrap()], "width");
    let words = xml
        .split("<word ")
        .skip(1)
        .map(|w| {
            let tag = &w[..w.find('>').unwrap()];
            PdfWord {
                text: w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string(),
                x0: attribute(tag, "xMin"),
                y0: attribute(tag, "yMin"),
                x1: attribute(tag, "xMax"),
                y1: attribute(tag, "yMax"),
            }
        })
        .collect();
    (width, words)
}

/// The words of a PDF page, with the page's width: (text, xMin, xMax).
pub fn pdf_word_boxes(pdf: &Path) -> (f64, Vec<(String, f64, f64)>) {
    let (width, words) = pdf_words(pdf);
    (
        width,
        words.into_iter().map(|w| (w.text, w.x0, w.x1)).collect(),
    )
}

/// The text of a PDF in reading order (columns one after the other), words joined by single
/// spaces, so a phrase broken across lines is still found.
pub fn pdf_text(pdf: &Path) -> String {
    let text = run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
