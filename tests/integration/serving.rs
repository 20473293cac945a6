//! Serving a book: `mdbook-effgraph` names inputs that `mdbook serve` would not watch, and the
//! real `mdbook watch` rebuilds once per change to watched data and never loops.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{fixture_copy, have_tool, run_preprocessor};

fn add_to_book_toml(root: &Path, text: &str) {
    let toml = root.join("book.toml");
    let old = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n{old}")).unwrap();
}

#[test]
fn inputs_outside_src_and_extra_watch_dirs_are_named_once() {
    let dir = fixture_copy("book_basic");
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: warning: data/results and data/reqs.toml are outside src/ and build.extra-watch-dirs, so `mdbook serve` will not rebuild when they change; add \"data\" to extra-watch-dirs under [build] in book.toml\n\
         mdbook-effgraph: 1 directives: 1 rendered, 0 from cache, 0 failed\n"
    );

    add_to_book_toml(
        dir.path(),
        "[build]\nextra-watch-dirs = [\"data/results\"]\n",
    );
    let out = run_preprocessor(dir.path(), "html");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mdbook-effgraph: warning: data/reqs.toml is outside src/ and build.extra-watch-dirs, so `mdbook serve` will not rebuild when it changes; add \"data\" to extra-watch-dirs under [build] in book.toml\n\
         mdbook-effgraph: 1 directives: 0 rendered, 1 from cache, 0 failed\n"
    );
}

#[test]
fn a_file_at_the_book_root_is_suggested_itself_never_the_root() {
    let dir = fixture_copy("book_basic");
    std::fs::rename(
        dir.path().join("data/reqs.toml"),
        dir.path().join("requirements.toml"),
    )
    .unwrap();
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("data/reqs.toml", "requirements.toml");
    std::fs::write(&toml, text).unwrap();
    add_to_book_toml(
        dir.path(),
        "[build]\nextra-watch-dirs = [\"./data/../data\"]\n",
    );
    let out = run_preprocessor(dir.path(), "html");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("mdbook-effgraph: warning: requirements.toml is outside src/ and build.extra-watch-dirs, so `mdbook serve` will not rebuild when it changes; add \"requirements.toml\" to extra-watch-dirs under [build] in book.toml\n"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
}

/// Polls `condition` every 100 ms for up to `limit`.
fn wait_for(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// The real `mdbook watch` (the watcher `mdbook serve` uses): a change to a requirements
/// file in `extra-watch-dirs` rebuilds the page once; the cache and the build output that
/// the rebuild writes never trigger another build.
#[test]
fn mdbook_watch_rebuilds_once_per_change_and_never_loops() {
    if !have_tool("mdbook") {
        return;
    }
    let dir = fixture_copy("book_basic");
    let root = dir.path();
    add_to_book_toml(root, "[build]\nextra-watch-dirs = [\"data\"]\n");
    let toml = root.join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "[preprocessor.effgraph]\n",
        &format!(
            "[preprocessor.effgraph]\ncommand = \"{}\"\n",
            env!("CARGO_BIN_EXE_mdbook-effgraph")
        ),
    );
    std::fs::write(&toml, text).unwrap();
    let log = root.join("watch.log");
    let mut child = Command::new("mdbook")
        .args(["watch", "--watcher", "poll"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let builds = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("Book building has started")
            .count()
    };
    let page = || std::fs::read_to_string(root.join("book/results.html")).unwrap_or_default();
    let outcome = (|| {
        // `mdbook watch` does not build on start; a first change does.
        std::thread::sleep(Duration::from_secs(2));
        let reqs = root.join("data/reqs.toml");
        let text = std::fs::read_to_string(&reqs).unwrap();
        std::fs::write(&reqs, text.replace("threshold = 25", "threshold = 35")).unwrap();
        if !wait_for(Duration::from_secs(30), || page().contains("8.11 not met")) {
            return Err(format!(
                "no rebuild after the change:\n{}",
                std::fs::read_to_string(&log).unwrap()
            ));
        }
        // Several poll intervals with nothing changed: no further build.
        let after_change = builds();
        std::thread::sleep(Duration::from_secs(4));
        match builds() {
            n if n == after_change => Ok(()),
            n => Err(format!(
                "{n} builds after one change (a rebuild loop):\n{}",
                std::fs::read_to_string(&log).unwrap()
            )),
        }
    })();
    child.kill().unwrap();
    child.wait().unwrap();
    outcome.unwrap();
    assert_eq!(builds(), 1, "one change, one build");
}
