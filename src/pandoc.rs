//! `pandoc-effgraph`, a Pandoc JSON filter (and so a Quarto filter): the document's abstract
//! syntax tree comes in as JSON, each paragraph that holds only a block directive goes out as
//! a figure and tables in Pandoc's own nodes, and each inline value as its text; everything
//! else passes through untouched. Directives inside code are code nodes and never seen.
//! Paths resolve against the folder Pandoc runs in; figures go to `effgraph/` there, in the
//! format the target needs (SVG for HTML, PDF for LaTeX, PNG otherwise). Pandoc keeps no
//! source positions, so an error names the paragraph (counted from 1) and the directive.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cache::Cache;
use crate::config::Defaults;
use crate::directive::DirectiveKind;
use crate::error::{Error, Result};
use crate::expand::{ExpandEnv, ExpandReport, expand_document};
use crate::render::Format;
use crate::report::templates::Templates;
use crate::syntax::Syntax;

/// The figure format for Pandoc's target format.
fn figure_format(target: &str) -> Format {
    match target {
        t if t.starts_with("html") || t == "epub" || t == "epub3" || t == "revealjs" => Format::Svg,
        "latex" | "beamer" | "context" | "pdf" => Format::Pdf,
        _ => Format::Png,
    }
}

/// The document's text as far as a directive is concerned: words, spaces, quotes (which
/// Pandoc's smart typography turned into nodes) and raw markup (`<efficiency_graph a b=c>`
/// reads as an HTML tag); `None` for a node a directive cannot span.
fn flat(inline: &Value) -> Option<String> {
    match inline["t"].as_str()? {
        "Str" => Some(inline["c"].as_str()?.to_string()),
        "RawInline" => Some(inline["c"][1].as_str()?.to_string()),
        "Space" | "SoftBreak" | "LineBreak" => Some(" ".into()),
        "Quoted" => {
            let quote = match inline["c"][0]["t"].as_str()? {
                "SingleQuote" => "'",
                _ => "\"",
            };
            let inner: Option<String> = inline["c"][1].as_array()?.iter().map(flat).collect();
            Some(format!("{quote}{}{quote}", inner?))
        }
        _ => None,
    }
}

/// Runs the filter on a document's JSON for Pandoc's `target` format: the new JSON, and the
/// lines the run has for the user (each directive's notes), also when it fails.
pub fn filter(input: &[u8], target: &str) -> (Result<Vec<u8>>, Vec<String>) {
    let mut report = ExpandReport::default();
    let filtered = filter_into(input, target, &mut report);
    (filtered, report.messages)
}

fn filter_into(input: &[u8], target: &str, report: &mut ExpandReport) -> Result<Vec<u8>> {
    let bad = |message: String| Error::Input {
        path: PathBuf::from("<pandoc>"),
        message,
    };
    let mut document: Value =
        serde_json::from_slice(input).map_err(|e| bad(format!("not Pandoc's JSON: {e}")))?;
    let api: Vec<u64> = (document["pandoc-api-version"].as_array())
        .map(|v| v.iter().filter_map(Value::as_u64).collect())
        .ok_or_else(|| bad("no pandoc-api-version: not Pandoc's JSON".into()))?;
    let defaults = Defaults {
        format: Some(figure_format(target)),
        ..Defaults::default()
    };
    let templates = Templates::load(None)?;
    let cache = Cache::new(PathBuf::from("effgraph"));
    let env = ExpandEnv {
        syntax: Syntax::pandoc(&api),
        defaults: &defaults,
        base: Path::new(""),
        templates: &templates,
        cache: &cache,
        outputs: &[],
        make_deps: false,
        keep_going: false,
        macros: false,
        finish: false,
        styles: std::cell::RefCell::new(
            crate::render::Styles::new(&defaults.styles).map_err(Error::Style)?,
        ),
        memo: Default::default(),
    };
    let mut walk = Walk {
        env: &env,
        report,
        paragraph: 0,
        tex: matches!(target, "latex" | "beamer"),
    };
    if let Some(blocks) = document["blocks"].as_array_mut() {
        walk.blocks(blocks)?;
    }
    serde_json::to_vec(&document).map_err(|e| bad(e.to_string()))
}

/// The walk over a document: each paragraph counted, for messages.
struct Walk<'a, 'e> {
    env: &'a ExpandEnv<'e>,
    report: &'a mut ExpandReport,
    paragraph: usize,
    /// The target is LaTeX: words holding symbols pdflatex cannot print as text (`≈`, `×`,
    /// `✓`, Greek) are written as LaTeX, as `effgraph expand` writes them.
    tex: bool,
}

/// Each word in `value` that holds a character beyond ASCII, as raw LaTeX.
fn texify(value: &mut Value) {
    match value {
        Value::Object(node) if node.get("t").and_then(Value::as_str) == Some("Str") => {
            let text = node.get("c").and_then(Value::as_str).unwrap_or_default();
            if !text.is_ascii() {
                let tex = crate::report::templates::escape_tex(text);
                *value = serde_json::json!({"t": "RawInline", "c": ["tex", tex]});
            }
        }
        Value::Object(node) => node.values_mut().for_each(texify),
        Value::Array(items) => items.iter_mut().for_each(texify),
        _ => {}
    }
}

impl Walk<'_, '_> {
    /// Expands `text`, which holds directives only, as the paragraph being walked.
    fn expand(&mut self, text: &str) -> Result<Vec<Value>> {
        let place = PathBuf::from(format!("paragraph {}", self.paragraph));
        let expanded = expand_document(&place, text, self.env, self.report).map_err(|e| {
            let message = e.to_string();
            // `paragraph N:1:C: why` → `paragraph N: `<<…>>`: why`.
            let why = message.splitn(4, ':').nth(3).unwrap_or(&message).trim();
            Error::Input {
                path: place.clone(),
                message: format!("`{}`: {why}", text.trim()),
            }
        })?;
        let mut values: Value = serde_json::from_str(&expanded).map_err(|e| Error::Input {
            path: place,
            message: e.to_string(),
        })?;
        if self.tex {
            texify(&mut values);
        }
        Ok(values.as_array().cloned().unwrap_or_default())
    }

    fn blocks(&mut self, blocks: &mut Vec<Value>) -> Result<()> {
        let mut i = 0;
        while i < blocks.len() {
            let kind = blocks[i]["t"].as_str().unwrap_or_default().to_string();
            if kind == "Para" || kind == "Plain" {
                self.paragraph += 1;
                if let Some(text) = block_directive(&blocks[i]) {
                    let replacement = self.expand(&text)?;
                    let n = replacement.len();
                    blocks.splice(i..=i, replacement);
                    i += n;
                    continue;
                }
                if let Some(inlines) = blocks[i]["c"].as_array_mut() {
                    self.inlines(inlines)?;
                }
            } else {
                self.children(&mut blocks[i], &kind)?;
            }
            i += 1;
        }
        Ok(())
    }

    /// The blocks and inlines inside a block that holds them.
    fn children(&mut self, block: &mut Value, kind: &str) -> Result<()> {
        match kind {
            "BlockQuote" => self.nested(&mut block["c"]),
            "Div" => self.nested(&mut block["c"][1]),
            "BulletList" => self.each(&mut block["c"]),
            "OrderedList" => self.each(&mut block["c"][1]),
            "Header" => match block["c"][2].as_array_mut() {
                Some(inlines) => self.inlines(inlines),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn nested(&mut self, blocks: &mut Value) -> Result<()> {
        match blocks.as_array_mut() {
            Some(blocks) => self.blocks(blocks),
            None => Ok(()),
        }
    }

    fn each(&mut self, items: &mut Value) -> Result<()> {
        for item in items.as_array_mut().into_iter().flatten() {
            self.nested(item)?;
        }
        Ok(())
    }

    /// Replaces each inline value in a run of words with its text.
    fn inlines(&mut self, inlines: &mut Vec<Value>) -> Result<()> {
        while let Some((start, end, prefix, text, suffix)) = inline_directive(inlines) {
            let mut replacement = Vec::new();
            if !prefix.is_empty() {
                replacement.push(serde_json::json!({"t": "Str", "c": prefix}));
            }
            replacement.extend(self.expand(&text)?);
            if !suffix.is_empty() {
                replacement.push(serde_json::json!({"t": "Str", "c": suffix}));
            }
            inlines.splice(start..=end, replacement);
        }
        Ok(())
    }
}

/// The block directive a paragraph holds, when it holds one and nothing else.
fn block_directive(block: &Value) -> Option<String> {
    let text: Option<String> = block["c"].as_array()?.iter().map(flat).collect();
    let text = text?;
    let trimmed = text.trim();
    let found = crate::directive::find_all(Path::new("p"), trimmed, Vec::new).ok()?;
    match found.as_slice() {
        [d] if d.kind == DirectiveKind::Graph && d.span == (0..trimmed.len()) => {
            Some(trimmed.to_string())
        }
        _ => None,
    }
}

/// The first inline value in `inlines`: the nodes it covers (`start..=end`), the text before
/// it in the first node and after it in the last, and the directive. Pandoc may have split it
/// into words, quotes and raw markup (`<<efficiency_value a b=c>>` reads as `<`, an HTML tag,
/// `>`); it may not cross any other node.
fn inline_directive(inlines: &[Value]) -> Option<(usize, usize, String, String, String)> {
    const OPEN: &str = "<<efficiency_value";
    // Each node's text, one after the other; a node a directive cannot span is a NUL.
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(inlines.len());
    for inline in inlines {
        starts.push(joined.len());
        joined.push_str(&flat(inline).unwrap_or_else(|| "\0".into()));
    }
    let at = joined.find(OPEN)?;
    let close = at + joined[at..].find(">>")? + 2;
    if joined[at..close].contains('\0') {
        return None;
    }
    let node = |pos: usize| starts.iter().rposition(|&s| s <= pos).unwrap_or(0);
    let (start, end) = (node(at), node(close - 1));
    let end_of = |i: usize| starts.get(i + 1).copied().unwrap_or(joined.len());
    let prefix = joined[starts[start]..at].to_string();
    let suffix = joined[close..end_of(end)].to_string();
    // Text left beside the directive is kept as words, so it must have been words.
    let words = |i: usize| inlines[i]["t"] == "Str";
    if (!prefix.is_empty() && !words(start)) || (!suffix.is_empty() && !words(end)) {
        return None;
    }
    Some((start, end, prefix, joined[at..close].to_string(), suffix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(text: &str) -> Vec<Value> {
        crate::syntax::pandoc_inlines(text)
            .as_array()
            .unwrap()
            .clone()
    }

    /// Pandoc splits a directive into words, quotes and raw HTML; it is found whole, with the
    /// text beside it kept.
    #[test]
    fn an_inline_value_is_found_across_the_nodes_pandoc_makes() {
        let mut inlines = words("needs (<<efficiency_value data");
        inlines.push(json!({"t": "Space"}));
        inlines.push(json!({"t": "Str", "c": "caption="}));
        inlines.push(json!({"t": "Quoted", "c": [{"t": "DoubleQuote"}, words("a b")]}));
        inlines.push(json!({"t": "Str", "c": ">>),"}));
        inlines.extend(words(" then"));
        let (start, end, prefix, text, suffix) = inline_directive(&inlines).unwrap();
        assert_eq!((start, end), (2, 8));
        assert_eq!(prefix, "(");
        assert_eq!(text, "<<efficiency_value data caption=\"a b\">>");
        assert_eq!(suffix, "),");

        let raw = vec![
            json!({"t": "Str", "c": "<"}),
            json!({"t": "RawInline", "c": ["html", "<efficiency_value data a=b>"]}),
            json!({"t": "Str", "c": ">."}),
        ];
        let (start, end, prefix, text, suffix) = inline_directive(&raw).unwrap();
        assert_eq!(
            (start, end, prefix.as_str(), suffix.as_str()),
            (0, 2, "", ".")
        );
        assert_eq!(text, "<<efficiency_value data a=b>>");

        // A directive cannot cross emphasis or code.
        let crossing = vec![
            json!({"t": "Str", "c": "<<efficiency_value"}),
            json!({"t": "Emph", "c": words("x")}),
            json!({"t": "Str", "c": ">>"}),
        ];
        assert!(inline_directive(&crossing).is_none());
    }

    #[test]
    fn a_paragraph_is_a_block_directive_only_when_it_holds_one_alone() {
        let para = |text: &str| json!({"t": "Para", "c": words(text)});
        assert_eq!(
            block_directive(&para("<<efficiency_graph data table=none>>")).as_deref(),
            Some("<<efficiency_graph data table=none>>")
        );
        assert_eq!(
            block_directive(&para("See <<efficiency_graph data>>")),
            None
        );
        assert_eq!(
            block_directive(&para("<<efficiency_value data stat=best_y>>")),
            None
        );
    }

    #[test]
    fn the_figure_format_follows_the_target() {
        assert_eq!(figure_format("html5"), Format::Svg);
        assert_eq!(figure_format("latex"), Format::Pdf);
        assert_eq!(figure_format("docx"), Format::Png);
    }
}
