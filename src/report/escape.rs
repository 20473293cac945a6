//! Escaping for the syntaxes report text passes through: Markdown (tables and inline syntax)
//! and LaTeX (special characters, the symbols effgraph uses, Greek; and a refusal for what
//! pdflatex cannot print). HTML and XML escaping live with their writers (Tera's autoescape,
//! the SVG writer).

/// Escapes Markdown table and inline syntax: `| * _ \` [ ] < > #` and newlines.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Typst markup: every ASCII punctuation character gets a backslash (Typst
/// reads `\` before any non-space character as that character), so no `#` starts code, no
/// `$` math, no `//` a comment, no `<`/`@` a label or reference and no `*`/`_` emphasis; line
/// breaks and other control characters become spaces.
pub fn escape_typst(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes text for a Typst string literal (`"…"`): backslashes and quotes, and control
/// characters as spaces.
pub fn escape_typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes every ASCII punctuation character with a backslash (and line breaks as spaces):
/// text that stands inside Markdown syntax, such as a link's title or an image's alt text,
/// where any of them could end the syntax or start markup.
pub fn escape_md_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if crate::error::breaks_lines(c) {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes LaTeX's special characters (`_ & % # $ { } ~ ^ \`) and writes the symbols effgraph
/// uses (`≈ × ≥ ✓ ✗ −`) and Greek letters as math, so pdflatex prints them without extra
/// packages. A character pdflatex cannot print in its default setup (OT1 fonts, UTF-8 input),
/// such as CJK, is returned as the error.
pub fn tex_text(s: &str) -> Result<String, char> {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            // OT1 (pdflatex's default) has no \textquotedbl; the typewriter font has a straight quote.
            '"' => out.push_str("\\texttt{\\char34}"),
            '≈' => out.push_str("$\\approx$"),
            '×' => out.push_str("$\\times$"),
            '≥' => out.push_str("$\\geq$"),
            '≤' => out.push_str("$\\leq$"),
            '−' => out.push_str("$-$"),
            '±' => out.push_str("$\\pm$"),
            '∞' => out.push_str("$\\infty$"),
            // amssymb's \checkmark, from the AMS symbol font every TeX Live has, set
            // without needing the package in the preamble (`\surd` reads as a root sign).
            '✓' => out.push_str("{\\usefont{U}{msa}{m}{n}\\char88}"),
            '✗' => out.push_str("$\\times$"),
            '↓' => out.push_str("$\\downarrow$"),
            '↑' => out.push_str("$\\uparrow$"),
            '…' => out.push_str("\\ldots{}"),
            '\u{a0}' => out.push('~'),
            '\n' | '\r' | '\t' => out.push(' '),
            c if greek(c).is_some() => {
                out.push_str(greek(c).unwrap_or_default());
            }
            c if printable_in_ot1(c) => out.push(c),
            c => return Err(c),
        }
    }
    Ok(out)
}

/// [`tex_text`] for text that must print whatever it holds (error messages): a character
/// LaTeX cannot print becomes `?`.
pub fn escape_tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut buf = [0u8; 4];
        out.push_str(&tex_text(c.encode_utf8(&mut buf)).unwrap_or_else(|_| "?".into()));
    }
    out
}

/// Math a user may write in a figure's title and axis labels (`$\alpha$`, `$N^{0.3}$`): only
/// these commands, so a label can typeset but never read a file or redefine anything.
const MATH_COMMANDS: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
    "times",
    "cdot",
    "leq",
    "geq",
    "approx",
    "sim",
    "propto",
    "pm",
    "infty",
    "log",
    "exp",
    "ln",
    "sqrt",
    "frac",
    "mathrm",
    "mathit",
    "mathbf",
    "text",
    "downarrow",
    "uparrow",
    "to",
    "ell",
    "partial",
    "nabla",
    "sum",
    "prod",
    "min",
    "max",
    "hat",
    "bar",
    "tilde",
    "prime",
    ",",
    ";",
    "!",
    " ",
];

/// Whether `math` (the text between two `$`) holds only [`MATH_COMMANDS`], plain characters
/// and balanced braces.
fn safe_math(math: &str) -> bool {
    let mut depth = 0i32;
    let mut chars = math.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_alphabetic()) {
                    name.push(n);
                    chars.next();
                }
                if name.is_empty() {
                    name.extend(chars.next());
                }
                if !MATH_COMMANDS.contains(&name.as_str()) {
                    return false;
                }
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            '%' | '#' | '&' | '~' | '$' => return false,
            c if c.is_control() => return false,
            _ => {}
        }
    }
    depth == 0
}

/// A user's title or axis label for a document that typesets it: its `$…$` kept as math
/// when every part holds only a short list of math commands, plain characters and balanced
/// braces, the rest escaped as [`escape_tex`]; otherwise all of it escaped.
pub(crate) fn tex_with_math(s: &str) -> String {
    let parts: Vec<&str> = s.split('$').collect();
    let paired = parts.len() % 2 == 1 && parts.len() > 1;
    if !paired || !parts.iter().skip(1).step_by(2).all(|m| safe_math(m)) {
        return escape_tex(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        match i % 2 {
            0 => out.push_str(&escape_tex(part)),
            _ => {
                out.push('$');
                out.push_str(part);
                out.push('$');
            }
        }
    }
    out
}

/// Greek letters as math (no package needed); capitals that look Latin are upright Latin.
fn greek(c: char) -> Option<&'static str> {
    const LOWER: [&str; 25] = [
        "$\\alpha$",
        "$\\beta$",
        "$\\gamma$",
        "$\\delta$",
        "$\\epsilon$",
        "$\\zeta$",
        "$\\eta$",
        "$\\theta$",
        "$\\iota$",
        "$\\kappa$",
        "$\\lambda$",
        "$\\mu$",
        "$\\nu$",
        "$\\xi$",
        "o",
        "$\\pi$",
        "$\\rho$",
        "$\\varsigma$",
        "$\\sigma$",
        "$\\tau$",
        "$\\upsilon$",
        "$\\phi$",
        "$\\chi$",
        "$\\psi$",
        "$\\omega$",
    ];
    const UPPER: [&str; 25] = [
        "A",
        "B",
        "$\\Gamma$",
        "$\\Delta$",
        "E",
        "Z",
        "H",
        "$\\Theta$",
        "I",
        "K",
        "$\\Lambda$",
        "M",
        "N",
        "$\\Xi$",
        "O",
        "$\\Pi$",
        "P",
        "",
        "$\\Sigma$",
        "T",
        "$\\Upsilon$",
        "$\\Phi$",
        "X",
        "$\\Psi$",
        "$\\Omega$",
    ];
    let code = u32::from(c);
    let pick = |table: &'static [&'static str; 25], first: u32| {
        table
            .get((code - first) as usize)
            .copied()
            .filter(|s| !s.is_empty())
    };
    match code {
        0x3B1..=0x3C9 => pick(&LOWER, 0x3B1),
        0x391..=0x3A9 => pick(&UPPER, 0x391),
        0xB5 => Some("$\\mu$"),
        _ => None,
    }
}

/// Characters pdflatex prints with its default OT1 fonts and UTF-8 input (measured with
/// TeX Live: Latin-1 and most of Latin Extended-A; not guillemets, eth, thorn or ogoneks).
fn printable_in_ot1(c: char) -> bool {
    const MISSING: &[u32] = &[
        0xAB, 0xBB, 0xD0, 0xDE, 0xF0, 0xFE, 0x104, 0x105, 0x110, 0x111, 0x118, 0x119, 0x126, 0x127,
        0x12E, 0x12F, 0x138, 0x13F, 0x140, 0x149, 0x14A, 0x14B, 0x166, 0x167, 0x172, 0x173, 0x17F,
    ];
    let code = u32::from(c);
    let known =
        (0x20..0x7F).contains(&code) || (0xA1..0x180).contains(&code) || "‘’“”–—•€†‡‰".contains(c);
    known && !MISSING.contains(&code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_math_is_kept_only_when_safe() {
        use super::tex_with_math;
        assert_eq!(
            tex_with_math("loss ($\\alpha = N^{0.3}$) of x_1"),
            "loss ($\\alpha = N^{0.3}$) of x\\_1"
        );
        // A command off the list, an odd `$` or unbalanced braces: all escaped.
        for text in ["$\\input{/etc/passwd}$", "5$ and", "$x}{$", "$\\def\\a{b}$"] {
            assert!(
                !tex_with_math(text).contains("$\\input") && tex_with_math(text).contains("\\$"),
                "{text}"
            );
        }
    }

    use super::*;

    #[test]
    fn tex_escapes_specials_and_writes_symbols_as_math() {
        assert_eq!(
            escape_tex(r"GPT_2 & co: 50% #1 $x {y} ~ ^ \input{/etc/passwd}"),
            r"GPT\_2 \& co: 50\% \#1 \$x \{y\} \textasciitilde{} \textasciicircum{} \textbackslash{}input\{/etc/passwd\}"
        );
        assert_eq!(
            escape_tex("≈4.62× ≥ 2×"),
            r"$\approx$4.62$\times$ $\geq$ 2$\times$"
        );
    }

    #[test]
    fn tex_escapes_what_would_break_a_table_or_change_the_font() {
        assert_eq!(
            tex_text("a|b <c> \"d\"").unwrap(),
            r"a\textbar{}b \textless{}c\textgreater{} \texttt{\char34}d\texttt{\char34}"
        );
        assert_eq!(tex_text("模型"), Err('模'));
        assert_eq!(escape_tex("模型 α"), "?? $\\alpha$");
    }

    #[test]
    fn markdown_escapes_table_syntax() {
        assert_eq!(escape_md("a|b *c* <script>"), r"a\|b \*c\* &lt;script&gt;");
    }
}

#[cfg(test)]
mod mutant_tests {
    use super::tex_text;

    /// Two mutants of the escaping went unnoticed: the micro sign and the punctuation
    /// outside Latin-1 that OT1 prints.
    #[test]
    fn micro_sign_and_typographic_punctuation_print() {
        assert_eq!(tex_text("µ"), Ok("$\\mu$".to_string()));
        assert_eq!(tex_text("€ “x”"), Ok("€ “x”".to_string()));
    }
}
