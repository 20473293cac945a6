//! Which fields of a record hold the cost (x), the score (y), the model and the config id.
//! A field is a column or top-level key name, or an RFC 6901 JSON Pointer (`/results/
//! lambada_openai/perplexity,none`) into a record; the model may also be `@dir`, the first
//! folder under the results path. When a record lacks a field, the error names every missing
//! field and the record's nearest existing one.

use crate::error::Invalid;
use std::fmt;

use serde_json::Value;

use super::axes::Kind;
use super::expr::{EvalError, Expr, Ref, Scope, Val};
use super::scalar::Scalar;

/// One field of a record: a name, a JSON Pointer (kept as written, `/a/b`), or a value
/// computed from a record's fields (an expression: see `results::expr`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    Name(String),
    Pointer(String),
    Computed(Box<Expr>),
}

/// Characters only an expression holds (a `/` counts after the first character, as a
/// leading one starts a JSON Pointer).
fn expression_only(c: char) -> bool {
    "{}()*^'<>=!&|/".contains(c)
}

impl Field {
    /// A field as the user writes it: a JSON Pointer when it starts with `/`, else a name.
    pub fn parse(text: &str) -> Result<Field, Invalid> {
        if text.trim().is_empty() {
            return Err("a field name must not be empty".into());
        }
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            return Err(Invalid(format!(
                "a field name must not contain control characters, found U+{:04X}",
                u32::from(c)
            )));
        }
        if !text.starts_with('/') {
            return Field::name_or_expression(text);
        }
        Ref::parse(text).map(Field::of)
    }

    fn of(field: Ref) -> Field {
        match field {
            Ref::Name(n) => Field::Name(n),
            Ref::Pointer(p) => Field::Pointer(p),
        }
    }

    /// A text that is no JSON Pointer: an expression when it parses as one with an operator,
    /// a function or a brace (`6 * {size}`, `a - b`); a syntax error is an error when the
    /// text has braces or quotes, which no column name holds; else it is a plain name
    /// (`Training compute (FLOP)`, `acc-norm`, `acc,none`).
    fn name_or_expression(text: &str) -> Result<Field, Invalid> {
        let marked = text.chars().any(expression_only);
        let spaced = text.contains(char::is_whitespace);
        if !marked && !spaced {
            return Ok(Field::Name(text.to_string()));
        }
        match Expr::parse(text) {
            Ok(expr) => Ok(match expr.as_field() {
                Some(field) => Field::of(field.clone()),
                None => Field::Computed(Box::new(expr)),
            }),
            Err(e) if text.contains(['{', '}', '\'']) => {
                Err(Invalid(format!("`{text}` is not an expression: {e}")))
            }
            Err(_) => Ok(Field::Name(text.to_string())),
        }
    }

    pub(crate) fn as_written(&self) -> &str {
        match self {
            Field::Name(n) | Field::Pointer(n) => n,
            Field::Computed(e) => e.text(),
        }
    }

    /// Adds the top-level names this field reads to `names`; `false` for a JSON Pointer.
    pub(crate) fn names(&self, names: &mut Vec<String>) -> bool {
        match self {
            Field::Name(n) => {
                names.push(n.clone());
                true
            }
            Field::Pointer(_) => false,
            Field::Computed(e) => e.names(names),
        }
    }

    /// The field's value in `scope`'s record, as a reader checks it: `Ok(None)` when a
    /// stored field is absent; a computed field names what it lacks.
    pub(super) fn scalar<'v>(&self, scope: &Scope<'v>) -> Result<Option<Scalar<'v>>, EvalError> {
        let stored = match self {
            Field::Name(name) => scope.record.get(name),
            Field::Pointer(pointer) => scope.record.pointer(pointer),
            Field::Computed(_) => None,
        };
        let Field::Computed(expr) = self else {
            return Ok(stored.map(|v| match v {
                Value::String(s) if scope.cells => Scalar::Cell(s),
                other => Scalar::from_value(other),
            }));
        };
        Ok(Some(match expr.eval(scope)? {
            Val::Number(n) => Scalar::Number(n),
            Val::Text(t) => Scalar::Str(std::borrow::Cow::Owned(t)),
            Val::Bool(b) => Scalar::Bool(b),
        }))
    }
}

impl std::str::FromStr for Field {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Field, Invalid> {
        Field::parse(s)
    }
}

crate::deserialize_from_str!(Field);

impl std::str::FromStr for ModelField {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<ModelField, Invalid> {
        ModelField::parse(s)
    }
}

crate::deserialize_from_str!(ModelField);

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_written())
    }
}

/// Where a record's model name comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ModelField {
    Field(Field),
    /// The first folder under the results path (`results/<model>/…`).
    Dir,
}

impl ModelField {
    pub(crate) fn parse(text: &str) -> Result<ModelField, Invalid> {
        match text {
            "@dir" => Ok(ModelField::Dir),
            other => Field::parse(other).map(ModelField::Field),
        }
    }
}

/// The fields a record is read through.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Fields {
    pub x: Field,
    pub y: Field,
    pub model: ModelField,
    pub config: Field,
    /// Tells repeated runs of one configuration apart (`seed`).
    pub seed: Field,
    /// A configuration's parameter count N, for a Chinchilla fit (`fit_params=`).
    pub params: Option<Field>,
    /// A configuration's training tokens D, for a Chinchilla fit (`fit_tokens=`).
    pub tokens: Option<Field>,
}

/// Hashed for cache keys and provenance: the sizes appear only when named, so naming none
/// keeps every hash made before they existed.
impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Fields");
        s.field("x", &self.x)
            .field("y", &self.y)
            .field("model", &self.model)
            .field("config", &self.config)
            .field("seed", &self.seed);
        if let Some(params) = &self.params {
            s.field("params", params);
        }
        if let Some(tokens) = &self.tokens {
            s.field("tokens", tokens);
        }
        s.finish()
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            x: Field::Name("flops_per_token".into()),
            y: Field::Name("perplexity".into()),
            model: ModelField::Field(Field::Name("model".into())),
            config: Field::Name("config_id".into()),
            seed: Field::Name("seed".into()),
            params: None,
            tokens: None,
        }
    }
}

impl Fields {
    /// The field holding the standard error of the score, beside it: `perplexity_stderr`
    /// for `perplexity`, and for an evaluation harness's `/results/t/acc,none`,
    /// `/results/t/acc_stderr,none`.
    pub(crate) fn y_stderr(&self) -> Field {
        match &self.y {
            Field::Name(name) => Field::Name(format!("{name}_stderr")),
            Field::Computed(e) => Field::Name(format!("{}_stderr", e.text())),
            Field::Pointer(pointer) => {
                let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                let with_stderr = match last.split_once(',') {
                    Some((metric, filter)) => format!("{metric}_stderr,{filter}"),
                    None => format!("{last}_stderr"),
                };
                Field::Pointer(format!("{parent}/{with_stderr}"))
            }
        }
    }

    /// The fields of a configuration's sizes that are named.
    pub(crate) fn sizes(&self) -> impl Iterator<Item = &Field> {
        self.params.iter().chain(&self.tokens)
    }

    /// Whether any field is computed.
    pub(crate) fn computed(&self) -> bool {
        let computed = |f: &Field| matches!(f, Field::Computed(_));
        computed(&self.x)
            || computed(&self.y)
            || computed(&self.config)
            || computed(&self.seed)
            || self.sizes().any(computed)
            || matches!(&self.model, ModelField::Field(f) if computed(f))
    }

    /// Whether every field is a plain name (records can then be read in one streaming pass).
    pub(crate) fn are_names(&self) -> bool {
        let name = |f: &Field| matches!(f, Field::Name(_));
        name(&self.x)
            && name(&self.y)
            && name(&self.config)
            && name(&self.seed)
            && self.sizes().all(name)
            && match &self.model {
                ModelField::Field(f) => name(f),
                ModelField::Dir => true,
            }
    }
}

/// A required field a record lacks: which role it plays (`x`, `y`, `model`) and its name.
pub(crate) struct Missing<'a> {
    pub role: &'static str,
    pub field: &'a Field,
}

/// The message for a record lacking `missing` fields, given the names it has (`keys`):
/// every missing field with the nearest existing name, and which keys choose fields.
pub(crate) fn missing_message(missing: &[Missing], keys: &[String]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| {
            // The role is said unless the field is named after it (`model`).
            let mut notes: Vec<String> = Vec::new();
            if m.field.as_written() != m.role {
                notes.push(m.role.to_string());
            }
            if let Some(near) = nearest(m.field.as_written(), keys) {
                notes.push(format!("did you mean `{near}`?"));
            }
            match notes.is_empty() {
                true => format!("`{}`", m.field),
                false => format!("`{}` ({})", m.field, notes.join("; ")),
            }
        })
        .collect();
    let roles: Vec<String> = missing.iter().map(|m| format!("{}=", m.role)).collect();
    // Without a near name for every field, the record's own names say what there is to choose.
    let unsuggested = missing
        .iter()
        .any(|m| nearest(m.field.as_written(), keys).is_none());
    let has = match (unsuggested, keys.is_empty()) {
        (true, false) => format!(" (the record has {})", first_keys(keys)),
        _ => String::new(),
    };
    format!(
        "missing {}: name the fields with {}{has}",
        crate::format::list(&parts),
        crate::format::list(&roles)
    )
}

/// The first few of `keys`, for a message.
pub(crate) fn first_keys(keys: &[String]) -> String {
    let shown: Vec<String> = keys.iter().take(8).map(|k| format!("`{k}`")).collect();
    match keys.len().saturating_sub(8) {
        0 => crate::format::list(&shown),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

/// The key most like `wanted`: one measuring the same kind of thing (`val_ppl` for
/// `perplexity`), else the closest spelling within a third of its length.
pub(super) fn nearest<'k>(wanted: &str, keys: &'k [String]) -> Option<&'k str> {
    let wanted_name = wanted.rsplit('/').next().unwrap_or(wanted);
    let kind = Kind::of(wanted_name);
    let lower = wanted_name.to_lowercase();
    keys.iter()
        .filter(|k| k.as_str() != wanted_name)
        .map(|k| {
            let same_kind = kind != Kind::Other && Kind::of(k) == kind;
            let distance = edit_distance(&lower, &k.to_lowercase());
            (!same_kind, distance, k)
        })
        .filter(|&(other_kind, distance, _)| {
            !other_kind || distance <= (wanted_name.chars().count() / 3).max(2)
        })
        .min()
        .map(|(_, _, k)| k.as_str())
}

/// Every key path of a record, for suggestions: top-level keys, and JSON Pointers to the
/// numbers and strings below them.
pub(crate) fn keys_of(record: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
        if let Value::Object(map) = value {
            for (k, v) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                let path = format!("{at}/{escaped}");
                if depth == 0 {
                    out.push(k.clone());
                } else if !v.is_object() {
                    out.push(path.clone());
                }
                if depth < 3 && out.len() < 500 {
                    walk(v, &path, depth + 1, out);
                }
            }
        }
    }
    let mut keys = Vec::new();
    walk(record, "", 0, &mut keys);
    keys
}

/// Levenshtein distance between two strings, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_names_or_pointers() {
        assert_eq!(Field::parse("val_ppl"), Ok(Field::Name("val_ppl".into())));
        assert_eq!(
            Field::parse("/results/x/acc,none"),
            Ok(Field::Pointer("/results/x/acc,none".into()))
        );
        assert!(
            Field::parse("/a~2b")
                .unwrap_err()
                .to_string()
                .contains("`~` must be followed")
        );
        assert_eq!(ModelField::parse("@dir"), Ok(ModelField::Dir));
        let mut fields = Fields::default();
        assert_eq!(fields.y_stderr(), Field::Name("perplexity_stderr".into()));
        fields.y = Field::parse("/results/lambada/perplexity,none").unwrap();
        assert_eq!(
            fields.y_stderr(),
            Field::Pointer("/results/lambada/perplexity_stderr,none".into())
        );
        let record: Value = serde_json::json!({"results": {"a/b": {"acc,none": 0.5}}});
        let record = super::super::expr::Entries::of(record);
        let scope = Scope {
            record: &record,
            cells: false,
        };
        let pointer = Field::parse("/results/a~1b/acc,none").unwrap();
        assert!(matches!(pointer.scalar(&scope), Ok(Some(Scalar::Number(n))) if n == 0.5));
    }

    #[test]
    fn a_missing_field_suggests_the_nearest_name() {
        let keys: Vec<String> = ["model", "val_ppl", "flops", "params"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (y, x) = (
            Field::parse("perplexity").unwrap(),
            Field::parse("flops_per_token").unwrap(),
        );
        let missing = [
            Missing {
                role: "y",
                field: &y,
            },
            Missing {
                role: "x",
                field: &x,
            },
        ];
        assert_eq!(
            missing_message(&missing, &keys),
            "missing `perplexity` (y; did you mean `val_ppl`?) and `flops_per_token` (x; did you mean `flops`?): name the fields with y= and x="
        );
        assert_eq!(nearest("config_id", &keys), None);
        assert_eq!(nearest("modle", &keys), Some("model"));
    }
}
