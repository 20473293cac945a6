//! Pandoc: what `pandoc-effgraph` puts into a document's abstract syntax tree, written as the
//! JSON of Pandoc's filter protocol. A block directive becomes a figure (Pandoc 3's `Figure`
//! block, or for the 2.x API the implicit figure, a paragraph holding only an image whose
//! title is `fig:`) and real Pandoc tables, so every output format (HTML, LaTeX, Word) gets
//! its own figure and tables; an inline value becomes its text. Strings are JSON-escaped by
//! serde and are never markup, so nothing from the data can become code in any output.

use serde_json::{Value, json};

use super::document::DocumentSyntax;
use crate::directive::{Place, Region};
use crate::error::Result;
use crate::pipeline::DirectiveRun;
use crate::render::Format;
use crate::report::context::ReportContext;
use crate::report::templates::Templates;
use crate::report::value::Fact;
use crate::request::DirectiveConfig;

/// A Pandoc document; `figure_block`: the API has the `Figure` block (1.23 and later).
pub(super) struct Pandoc {
    figure_block: bool,
}

/// Pandoc 2.x (API 1.22 and earlier).
pub(super) const PANDOC_2: Pandoc = Pandoc {
    figure_block: false,
};

/// Pandoc 3 and later (API 1.23 and later).
pub(super) const PANDOC_3: Pandoc = Pandoc { figure_block: true };

fn attr(id: &str) -> Value {
    json!([id, [], []])
}

/// `text` as Pandoc inlines: words and spaces.
pub(crate) fn inlines(text: &str) -> Value {
    let mut out = Vec::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(json!({"t": "Space"}));
        }
        out.push(json!({"t": "Str", "c": word}));
    }
    Value::Array(out)
}

fn plain(text: &str) -> Value {
    json!({"t": "Plain", "c": inlines(text)})
}

fn cell(text: &str) -> Value {
    json!([attr(""), {"t": "AlignDefault"}, 1, 1, [plain(text)]])
}

fn row(cells: &[String]) -> Value {
    json!([attr(""), cells.iter().map(|c| cell(c)).collect::<Vec<_>>()])
}

/// A Pandoc table: its head, its rows and its caption.
fn table(id: &str, head: &[String], rows: &[Vec<String>], caption: &str) -> Value {
    let columns: Vec<Value> = head
        .iter()
        .map(|_| json!([{"t": "AlignLeft"}, {"t": "ColWidthDefault"}]))
        .collect();
    let body: Vec<Value> = rows.iter().map(|r| row(r)).collect();
    json!({"t": "Table", "c": [
        attr(id),
        [null, [plain(caption)]],
        columns,
        [attr(""), [row(head)]],
        [[attr(""), 0, [], body]],
        [attr(""), []]
    ]})
}

impl Pandoc {
    fn figure(&self, c: &ReportContext) -> Value {
        // In Pandoc 3 the figure has the caption and the image its text alternative; an
        // implicit figure's image carries the caption.
        let words = if self.figure_block {
            &c.alt
        } else {
            &c.caption
        };
        let image = json!({"t": "Image", "c": [
            attr(if self.figure_block { "" } else { &c.label }),
            inlines(words),
            [c.figure, if self.figure_block { "" } else { "fig:" }]
        ]});
        if self.figure_block {
            json!({"t": "Figure", "c": [
                attr(&c.label),
                [null, [plain(&c.caption)]],
                [{"t": "Plain", "c": [image]}]
            ]})
        } else {
            json!({"t": "Para", "c": [image]})
        }
    }

    /// The figure, then the tables the directive asks for.
    fn blocks(&self, c: &ReportContext) -> Vec<Value> {
        let mut blocks = Vec::new();
        if c.simulated {
            blocks.push(json!({"t": "Para", "c": [{"t": "Strong", "c": inlines("SIMULATED DATA: generated, not measured.")}]}));
        }
        blocks.push(self.figure(c));
        let id = |suffix: &str| match c.label.as_str() {
            "" => String::new(),
            label => format!("{label}:{suffix}"),
        };
        let simulated = if c.simulated { " (simulated data)" } else { "" };
        if c.tables.requirements && !(c.verdicts.is_empty() && c.skipped.is_empty()) {
            let mut rows: Vec<Vec<String>> = (c.verdicts.iter())
                .map(|v| {
                    let verdict = format!(
                        "{}: {} {}, {} vs {}",
                        v.id, v.mark, v.status, v.value, v.threshold
                    );
                    vec![verdict, v.reason.clone()]
                })
                .collect();
            rows.extend(c.skipped.iter().map(|s| vec![s.clone(), String::new()]));
            let caption = format!(
                "Requirement verdicts{simulated}: the value against its threshold, and why."
            );
            blocks.push(table(
                &id("requirements"),
                &["Requirement".into(), "Reason".into()],
                &rows,
                &caption,
            ));
        }
        if c.tables.summary {
            let head = [
                "Model".to_string(),
                "Configs".into(),
                format!("Best {}", c.y_short),
                "Cheapest".into(),
            ];
            let rows: Vec<Vec<String>> = (c.models.iter())
                .map(|m| {
                    vec![
                        m.name.clone(),
                        format!("{} ({})", m.num_configs, m.frontier_size),
                        format!("{} at {}", m.best_ppl, m.best_ppl_flops),
                        format!("{} ({})", m.lowest_flops, m.lowest_flops_ppl),
                    ]
                })
                .collect();
            let caption = format!(
                "Per-model statistics{simulated}: configurations (on the Pareto frontier), the best {} and its cost, the cheapest configuration and its {}.",
                c.y_name, c.y_name
            );
            blocks.push(table(&id("summary"), &head, &rows, &caption));
        }
        if c.tables.comparison {
            blocks.extend(self.readings(c, &id));
        }
        blocks
    }

    /// The equal-score and equal-cost readings: one column per model, one row per target.
    fn readings(&self, c: &ReportContext, id: &dyn Fn(&str) -> String) -> Vec<Value> {
        let tables = [
            (
                &c.equal_ppl,
                "Target",
                "equal-ppl",
                format!(
                    "{} needed to reach each {} ({}).",
                    c.x_title, c.y_name, c.interpolation_note
                ),
            ),
            (
                &c.equal_flops,
                "Budget",
                "equal-flops",
                format!(
                    "{} reached within each {} budget.",
                    c.y_title,
                    c.x_phrase.replace(' ', "-")
                ),
            ),
        ];
        tables
            .into_iter()
            .filter(|(rows, ..)| !rows.is_empty())
            .map(|(rows, what, suffix, caption)| {
                let head: Vec<String> = std::iter::once(what.to_string())
                    .chain(c.model_names.iter().cloned())
                    .collect();
                let body: Vec<Vec<String>> = (rows.iter())
                    .map(|r| {
                        std::iter::once(r.target.clone())
                            .chain(r.cells.iter().map(|c| c.text.clone()))
                            .collect()
                    })
                    .collect();
                table(&id(suffix), &head, &body, &caption)
            })
            .collect()
    }
}

impl DocumentSyntax for Pandoc {
    fn name(&self) -> &'static str {
        if self.figure_block {
            "pandoc3"
        } else {
            "pandoc"
        }
    }

    /// A paragraph's text holds no code: Pandoc keeps code in nodes of its own.
    fn regions(&self, _source: &str) -> Vec<Region> {
        Vec::new()
    }

    fn writes_figure_files(&self) -> bool {
        true
    }

    fn takes_format(&self, format: Format) -> bool {
        matches!(format, Format::Svg | Format::Png | Format::Pdf)
    }

    /// The blocks as a JSON array.
    fn render(
        &self,
        run: &DirectiveRun,
        cfg: &DirectiveConfig,
        _templates: &Templates,
        figure: Option<&str>,
    ) -> Result<String> {
        let mut context = run.context(cfg)?;
        context.figure = figure.unwrap_or_default().to_string();
        Ok(Value::Array(self.blocks(&context)).to_string())
    }

    fn error_box(&self, message: &str) -> String {
        json!([{"t": "Para", "c": [{"t": "Strong", "c": inlines(&format!("effgraph error: {message}"))}]}]).to_string()
    }

    fn error_inline(&self, message: &str) -> String {
        json!([{"t": "Strong", "c": inlines(&format!("effgraph error: {message}"))}]).to_string()
    }

    /// The value's words as a JSON array of inlines.
    fn inline_value(&self, fact: &Fact, _directive: &str, _place: Place) -> String {
        inlines(&fact.text).to_string()
    }

    fn place(&self, replacement: &str) -> String {
        replacement.to_string()
    }

    fn neutralise(&self, text: &str) -> String {
        text.to_string()
    }
}
