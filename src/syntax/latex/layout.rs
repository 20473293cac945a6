//! The paper's own layout, read back from LaTeX so that nobody types a width: the expansion
//! adds, right after `\begin{document}`, a line that writes the column and text widths, the
//! body and `\footnotesize` sizes and the font families to the `.aux` as a comment
//! ([`PROBE`]); the next `effgraph expand` reads the previous run's `.aux`
//! ([`Layout::read`]) and draws each figure exactly as wide as it is printed, in the
//! matching face, at the paper's `\footnotesize`. The first run has no `.aux` and uses the
//! defaults; latexmk's rerun settles it.

use std::path::Path;

use crate::render::Family;

/// The largest `.aux` read (a long paper's is a few hundred kilobytes).
pub(super) const AUX_LIMIT: u64 = 64 << 20;

/// What the written `.aux` line starts with.
const TAG: &str = "%effgraph-layout ";

/// The TeX that writes the layout to the `.aux` (a comment line there, which LaTeX skips when
/// it reads the file back). Nothing is written under `\nofiles`.
pub(super) const PROBE: &str = concat!(
    r"\makeatletter\if@filesw{\footnotesize\xdef\effgraph@fn{\f@size}}",
    r"\immediate\write\@mainaux{\@percentchar effgraph-layout",
    r" columnwidth=\the\columnwidth\space textwidth=\the\textwidth",
    r"\space size=\f@size\space footnotesize=\effgraph@fn",
    r"\space rm=\rmdefault\space sf=\sfdefault\space family=\familydefault}",
    r"\fi\makeatother "
);

/// The layout a LaTeX run reported.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// `\columnwidth` and `\textwidth` in PostScript points (the figure's unit).
    pub column_width: f64,
    pub text_width: f64,
    /// The body size and `\footnotesize` in PostScript points.
    pub body_size: f64,
    pub footnote_size: f64,
    /// The font family the body is set in (`\familydefault`, expanded: `ptm`, `cmr`, …).
    pub family: String,
}

impl Layout {
    /// What a paper is taken to be before LaTeX has run: LaTeX's own face and size, and the
    /// default figure width for column and page alike.
    pub(crate) fn before_the_first_run() -> Layout {
        let width = crate::render::FigureSize::FULL.width_pt;
        Layout {
            column_width: width,
            text_width: width,
            body_size: 10.0,
            footnote_size: 8.0,
            family: "cmr".into(),
        }
    }

    /// The layout the last run of a LaTeX document wrote to `aux`, if it wrote one.
    pub(crate) fn read(aux: &str) -> Option<Layout> {
        let line = aux.lines().rev().find_map(|l| l.strip_prefix(TAG))?;
        let field = |key: &str| {
            line.split(' ')
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        };
        // LaTeX writes TeX points (72.27 to the inch).
        let points = |key: &str| {
            let text = field(key)?;
            let value: f64 = text.strip_suffix("pt").unwrap_or(text).parse().ok()?;
            (value.is_finite() && value > 0.0).then_some(value * 72.0 / 72.27)
        };
        let width = |key: &str| crate::render::style::parse_length(field(key)?).ok();
        Some(Layout {
            column_width: width("columnwidth")?,
            text_width: width("textwidth")?,
            body_size: points("size")?,
            footnote_size: points("footnotesize")?,
            family: field("family")?.to_string(),
        })
    }

    /// The embedded face that matches the paper's, and a warning when none does.
    pub(crate) fn face(&self) -> (Family, Option<String>) {
        match self.family.as_str() {
            "ptm" | "ptmx" | "ptmj" | "ntxtlf" | "txr" | "ntxr" | "qtm" => (Family::Times, None),
            "cmr" | "lmr" => (Family::Serif, None),
            "phv" | "qhv" => (Family::Helvetica, None),
            other => (
                Family::Serif,
                Some(format!(
                    "the paper's font family `{other}` has no matching face: figures are set in Latin Modern (give font= to choose)"
                )),
            ),
        }
    }

    /// The type size of figure text: the paper's `\footnotesize`, never below 7 pt (nor above
    /// the largest size a figure takes).
    pub(crate) fn figure_type_size(&self) -> f64 {
        let sizes = crate::render::style::FONT_SIZES;
        self.footnote_size.clamp(*sizes.start(), *sizes.end())
    }
}

/// `expanded` with [`PROBE`] right after its `\begin{document}` (the first outside a comment);
/// a file without one (a chapter that is `\input`) is left as it is. The probe goes on the
/// same line, so every line keeps its number.
pub(super) fn with_probe(expanded: String) -> String {
    let mut offset = 0;
    for line in expanded.split_inclusive('\n') {
        let code = &line[..comment_start(line).unwrap_or(line.len())];
        if let Some(at) = code.find(r"\begin{document}") {
            let at = offset + at + r"\begin{document}".len();
            return [&expanded[..at], PROBE, &expanded[at..]].concat();
        }
        offset += line.len();
    }
    expanded
}

/// Where a LaTeX line's comment starts: its first `%` not escaped by a backslash.
pub(super) fn comment_start(line: &str) -> Option<usize> {
    let mut backslashes = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'%' if backslashes % 2 == 0 => return Some(i),
            b'\\' => backslashes += 1,
            _ => backslashes = 0,
        }
    }
    None
}

/// The `.aux` a LaTeX run of the document expanded to `output` writes: beside it, named
/// after it, or after the source `input` (latexmk's `-jobname=%B` for `%B.effgraph.tex`);
/// else the source's own, when the paper was compiled where it is written.
pub(crate) fn aux_beside(output: &Path, input: &Path) -> Vec<std::path::PathBuf> {
    let folder = output.parent().unwrap_or(Path::new(""));
    [output.file_stem(), input.file_stem()]
        .into_iter()
        .flatten()
        .map(|stem| folder.join(stem).with_extension("aux"))
        .chain([input.with_extension("aux")])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_line_is_read_back() {
        let aux = "\\relax\n%effgraph-layout columnwidth=229.5pt textwidth=469.0pt size=10 footnotesize=8 rm=ptm sf=phv family=ptm\n\\gdef \\@abspage@last{1}\n";
        let layout = Layout::read(aux).unwrap();
        let bp = |pt: f64| pt * 72.0 / 72.27;
        assert!((layout.column_width - bp(229.5)).abs() < 1e-9);
        assert!((layout.text_width - bp(469.0)).abs() < 1e-9);
        assert!((layout.footnote_size - bp(8.0)).abs() < 1e-9);
        assert_eq!(layout.face(), (Family::Times, None));
        assert_eq!(Layout::read("\\relax\n"), None);
        let odd = aux.replace("family=ptm", "family=ppl");
        let (face, warning) = Layout::read(&odd).unwrap().face();
        assert_eq!(face, Family::Serif);
        assert_eq!(
            warning.unwrap(),
            "the paper's font family `ppl` has no matching face: figures are set in Latin Modern (give font= to choose)"
        );
    }

    #[test]
    fn the_probe_follows_the_first_uncommented_begin_document() {
        let doc = "% \\begin{document}\n\\begin{document} text\n\\begin{document}\n";
        let out = with_probe(doc.to_string());
        assert_eq!(out.lines().count(), 3);
        assert_eq!(
            out.lines().nth(1).unwrap(),
            format!("\\begin{{document}}{PROBE} text")
        );
        assert_eq!(with_probe("no body".into()), "no body");
        let escaped = "50\\% \\begin{document}\n";
        assert!(with_probe(escaped.into()).contains(PROBE));
    }
}
