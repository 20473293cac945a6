//! The settings that say how a figure is drawn and what a document shows with it (its
//! tables, format, size, type, legend, resolution and how frontiers are read), each declared
//! once in [`FIGURE_SETTINGS`]. Every front end is driven by these declarations: a directive
//! key (`font_size=9`), a `[preprocessor.effgraph]` key (`font-size = 9`), a flag of the
//! commands its [`Commands`] names (`--font-size 9`), and the guide's key table. Each sets
//! the book-wide or command-line [`Defaults`], which a directive's own keys override.

use super::{Commands, Dpi, NumConfigs, Positive, Setting, Tables, one};
use crate::config::Defaults;
use crate::error::Invalid;
use crate::render::FigureSize;
use crate::simulate::{default_configs, default_seed};

/// One setting about a figure and what accompanies it.
pub(crate) type FigureSetting = Setting<Defaults>;

/// `size`: a preset, `WxH`, or the document's `columnwidth` / `textwidth`.
fn size(d: &Defaults, v: &str) -> Result<FigureSize, Invalid> {
    let width = match (v, d.venue) {
        ("column", Some(venue)) => return Ok(FigureSize::of_width(venue.column)),
        ("full", Some(venue)) => return Ok(FigureSize::of_width(venue.full)),
        ("columnwidth", _) => Some((d.column_width, "--column-width")),
        ("textwidth", _) => Some((d.text_width, "--text-width")),
        _ => None,
    };
    match width {
        Some((Some(w), _)) => Ok(FigureSize::of_width(w)),
        Some((None, flag)) => Err(Invalid(format!(
            "`{v}` needs the document's width, which only a LaTeX paper reports: give it as `effgraph expand {flag} 247pt`"
        ))),
        None => v.parse(),
    }
}

pub(crate) static TABLE: FigureSetting = Setting {
    name: "table",
    value: "`summary`, `comparison`, `requirements`, `all`, `none`, or a comma list of the first three",
    default: "book-wide `table`, else `all`",
    help: "Default tables: summary, comparison, requirements, all, none, or a comma list",
    value_name: Some("LIST"),
    list: false,
    commands: Commands::Expand,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.tables = one(v).parse::<Tables>()?;
        Ok(())
    },
};

pub(crate) static INTERPOLATION: FigureSetting = Setting {
    name: "interpolation",
    value: "`power`, `log` or `step` ([comparison](comparison.md))",
    default: "book-wide, else `power`",
    help: "How to read a frontier between measured points: power, log or step [default: power]",
    value_name: Some("RULE"),
    list: false,
    commands: Commands::All,
    book: true,
    directive: true,
    inline: true,
    set: |d, v| {
        d.interpolation = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static FROM: FigureSetting = Setting {
    name: "from",
    value: "`frontier` or `fit`: where tables, verdicts and inline values read their values; `fit` reads the fitted scaling law (`fit=`, else a power law), beyond the data too, and every value it gives says so ([fits](fits.md#reading-from-a-fit))",
    default: "book-wide, else `frontier`",
    help: "Where tables, verdicts and inline values read their values: frontier or fit [default: frontier]",
    value_name: Some("SOURCE"),
    list: false,
    commands: Commands::All,
    book: true,
    directive: true,
    inline: true,
    set: |d, v| {
        d.from = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static FORMAT: FigureSetting = Setting {
    name: "format",
    value: "`svg` or `png` images in HTML (embedded in the page); `pdf`, `eps`, `svg` or `png` for files; in LaTeX also `pgf` (the paper typesets the figure's words)",
    default: "book-wide, else `svg` (HTML, Markdown) or `pdf` (LaTeX)",
    help: "Figure format: svg, pdf, png, eps or pgf (LaTeX) [default: svg; in a document, the syntax's own: pdf for LaTeX, svg for Markdown]",
    value_name: Some("FORMAT"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.format = Some(one(v).parse()?);
        Ok(())
    },
};

pub(crate) static VENUE: FigureSetting = Setting {
    name: "venue",
    value: "`icml`, `neurips`, `iclr`, `acl`, `ieee` or `aistats`: the venue's face, figure type size and widths ([figures](figures.md#venues)); `size=column` or `full` then means the venue's",
    default: "none: in LaTeX the paper's own, read from its `.aux`",
    help: "A venue's face, type size and widths: icml, neurips, iclr, acl, ieee or aistats (size column|full then means the venue's)",
    value_name: Some("VENUE"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        let venue = super::venue::Venue::named(one(v))?;
        d.venue = Some(venue);
        d.document_face = Some(venue.face);
        d.font_size = crate::render::FontSize(venue.footnote);
        d.column_width = Some(venue.column);
        d.text_width = Some(venue.full);
        d.size = FigureSize::of_width(venue.column);
        Ok(())
    },
};

pub(crate) static SIZE: FigureSetting = Setting {
    name: "size",
    value: "a size preset such as `column`, `full`, `icml-column`, `neurips` ([figures](figures.md#size-type-and-fonts)), e.g. `6x4in`, or `columnwidth` / `textwidth` (the LaTeX paper's, read from its `.aux` or given as `expand --column-width` / `--text-width`)",
    default: "in LaTeX `columnwidth` / `textwidth` (by `span`), else book-wide, else `full`",
    help: "Figure size: `column` (3.5×2.8 in), `full` (7×4.3 in), or e.g. `6x4in`, `400x250pt` [default: full]",
    value_name: Some("SIZE"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.size = size(d, one(v))?;
        Ok(())
    },
};

pub(crate) static FONT: FigureSetting = Setting {
    name: "font",
    value: "`auto` (the document's own face), `times` (TeX Gyre Termes), `cm` or `serif` (Latin Modern), `helvetica` (TeX Gyre Heros) or `sans` (DejaVu Sans)",
    default: "book-wide, else `auto`: in LaTeX the paper's face (read from its `.aux`), in a book Open Sans (the page font), elsewhere DejaVu Sans",
    help: "Typeface: auto (the document's own: a LaTeX paper's, Open Sans in a book, else DejaVu Sans), times, cm, helvetica, sans or serif",
    value_name: Some("FONT"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.font = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static FONT_SIZE: FigureSetting = Setting {
    name: "font_size",
    value: "base type size in points, 7 to 14 (ticks and legend one point smaller, never below 7)",
    default: "book-wide, else 8",
    help: "Base type size in points (7 to 14); ticks and legend one point smaller, never below 7",
    value_name: Some("PT"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.font_size = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static LEGEND: FigureSetting = Setting {
    name: "legend",
    value: "`inside` (a free corner of the plot, else outside), `outside`, `direct` (names at the line ends) or `none`",
    default: "book-wide, else `inside`",
    help: "Legend: inside (a free corner of the plot, else outside), outside, direct or none",
    value_name: Some("WHERE"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.legend = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static DPI: FigureSetting = Setting {
    name: "dpi",
    value: "PNG resolution with `format=png`",
    default: "book-wide, else 192 in a book (twice a screen's pixel density), 300 in a file",
    help: "Resolution of PNG output (pixels = inches × dpi) [default: 300]",
    value_name: Some("N"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.dpi = one(v).parse::<Dpi>()?.0;
        Ok(())
    },
};

/// A non-empty text.
fn text(v: &[&str]) -> Result<String, Invalid> {
    match one(v) {
        t if t.trim().is_empty() => Err("must not be empty".into()),
        t => Ok(t.to_string()),
    }
}

pub(crate) static TITLE: FigureSetting = Setting {
    name: "title",
    value: "a title drawn above the plot",
    default: "none",
    help: "Figure title",
    value_name: Some("TEXT"),
    list: false,
    commands: Commands::Render,
    book: false,
    directive: true,
    inline: false,
    set: |d, v| {
        d.title = Some(text(v)?);
        Ok(())
    },
};

pub(crate) static X_SCALE: FigureSetting = Setting {
    name: "x_scale",
    value: "`auto`, `linear` or `log` for the FLOPs axis",
    default: "`auto`",
    help: "FLOPs axis scale: auto (log when the data span more than a decade), linear or log [default: auto]",
    value_name: Some("SCALE"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.x_scale = one(v).parse()?;
        Ok(())
    },
};

pub(crate) static Y_SCALE: FigureSetting = Setting {
    name: "y_scale",
    value: "`auto`, `linear` or `log` for the perplexity axis",
    default: "`auto`",
    help: "Perplexity axis scale: auto, linear or log [default: auto]",
    value_name: Some("SCALE"),
    list: false,
    commands: Commands::Figures,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.y_scale = one(v).parse()?;
        Ok(())
    },
};

/// Positive numbers, one per value.
fn positives(values: &[&str]) -> Result<Vec<f64>, Invalid> {
    values
        .iter()
        .map(|v| v.parse::<Positive>().map(|p| p.0))
        .collect()
}

pub(crate) static TARGET_PPL: FigureSetting = Setting {
    name: "target_ppl",
    value: "comma list of score targets for the equal-score table (perplexities on the default axes, else values of `y`)",
    default: "[default rule](cli.md#default-targets)",
    help: "Score target for the equal-score table: a perplexity on the default axes, else a value of --y (repeatable)",
    value_name: Some("X"),
    list: true,
    commands: Commands::All,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.target_y = positives(v)?;
        Ok(())
    },
};

pub(crate) static TARGET_FLOPS: FigureSetting = Setting {
    name: "target_flops",
    value: "comma list of cost budgets for the equal-cost table (FLOPs per token on the default axes, else values of `x`)",
    default: "[default rule](cli.md#default-targets)",
    help: "Cost budget for the equal-cost table: FLOPs per token on the default axes, else a value of --x (repeatable)",
    value_name: Some("X"),
    list: true,
    commands: Commands::All,
    book: true,
    directive: true,
    inline: false,
    set: |d, v| {
        d.target_x = positives(v)?;
        Ok(())
    },
};

pub(crate) static SIMULATE: FigureSetting = Setting {
    name: "simulate",
    value: "`true`: generated data instead of a path (labelled as simulated)",
    default: "`false`",
    help: "Use simulated data (labelled as such in every output).",
    value_name: None,
    list: false,
    commands: Commands::Sources,
    book: false,
    directive: true,
    inline: true,
    set: |d, v| {
        d.simulate = super::boolean(one(v))?;
        Ok(())
    },
};

pub(crate) static MAX_FILE_SIZE: FigureSetting = Setting {
    name: "max_file_size",
    value: "bytes, or a number with `K`, `M` or `G`: result files over it are refused",
    default: "`1G`",
    help: "Refuse result files larger than this (bytes, or with K, M, G) [default: 1G]",
    value_name: Some("SIZE"),
    list: false,
    commands: Commands::All,
    book: true,
    directive: false,
    inline: false,
    set: |d, v| {
        d.max_file_size = one(v).parse::<super::ByteSize>()?.0;
        Ok(())
    },
};

pub(crate) static SEED: FigureSetting = Setting {
    name: "seed",
    value: "seed of simulated data (only with `simulate=true`)",
    default: concat!(default_seed!()),
    help: concat!("Seed of the simulation [default: ", default_seed!(), "]"),
    value_name: Some("N"),
    list: false,
    commands: Commands::Simulation,
    book: false,
    directive: true,
    inline: true,
    set: |d, v| {
        let v = one(v);
        d.seed = v
            .trim()
            .parse()
            .map_err(|_| Invalid(format!("`{v}` is not a whole number")))?;
        Ok(())
    },
};

pub(crate) static NUM_CONFIGS: FigureSetting = Setting {
    name: "num_configs",
    value: "configurations per model of simulated data (only with `simulate=true`)",
    default: concat!(default_configs!()),
    help: concat!(
        "Configurations per model to simulate [default: ",
        default_configs!(),
        "]"
    ),
    value_name: Some("N"),
    list: false,
    commands: Commands::Simulation,
    book: false,
    directive: true,
    inline: true,
    set: |d, v| {
        d.num_configs = one(v).parse::<NumConfigs>()?.0;
        Ok(())
    },
};

pub(crate) static REQUIREMENTS: FigureSetting = Setting {
    name: "requirements",
    value: "a [requirements](requirements.md) TOML file, relative to the book root; `none`: no requirements here, whatever the book-wide setting",
    default: "book-wide `requirements`, else none",
    help: "Requirements TOML file (for expand: the directives' default, relative to the input's folder); none: no requirements",
    value_name: Some("FILE"),
    list: false,
    commands: Commands::All,
    book: true,
    directive: true,
    inline: true,
    set: |d, v| {
        d.requirements = match one(v) {
            "none" => None,
            t if t.trim().is_empty() => return Err("must not be empty".into()),
            t => Some(t.to_string()),
        };
        Ok(())
    },
};

/// Every setting about a figure, in the order the command line lists them. The guide's key
/// table places each among the directive's own keys ([`crate::directive`]).
pub(crate) static FIGURE_SETTINGS: &[&FigureSetting] = &[
    &REQUIREMENTS,
    &TABLE,
    &TARGET_PPL,
    &TARGET_FLOPS,
    &INTERPOLATION,
    &FROM,
    &FORMAT,
    &VENUE,
    &SIZE,
    &FONT,
    &FONT_SIZE,
    &LEGEND,
    &DPI,
    &TITLE,
    &X_SCALE,
    &Y_SCALE,
    &SIMULATE,
    &SEED,
    &NUM_CONFIGS,
    &MAX_FILE_SIZE,
];
