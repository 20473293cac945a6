//! Computed values: the small expression language of `x=`, `y=`, `model=`, `config=`,
//! `seed_field=` and `where=`. `{name}` or `{/json/pointer}` is a record's value (braces
//! allow any field name), a bare identifier is a field, numbers (`1e9`), `'string'`
//! literals, `+ - * / ^`, comparisons, `&& || !`, parentheses and the functions `log`,
//! `log10`, `exp`, `sqrt`, `min`, `max`; `+` joins strings. Parsing reports the character
//! where a text stops being an expression; evaluating reports what is wrong with a record's
//! values (a missing field, a string in arithmetic, a division by zero, the log of a value
//! that is not positive), and never panics.

use std::fmt;

use serde_json::Value;

use crate::error::Invalid;

/// A record's field as an expression names it: a name, or a JSON Pointer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ref {
    Name(String),
    Pointer(String),
}

impl Ref {
    /// A field as written inside braces (or bare): a JSON Pointer when it starts with `/`.
    pub(crate) fn parse(text: &str) -> Result<Ref, Invalid> {
        if !text.starts_with('/') {
            return Ok(Ref::Name(text.to_string()));
        }
        // RFC 6901: `~` only as `~0` (a `~`) or `~1` (a `/`).
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')) {
                return Err(Invalid(format!(
                    "`{text}` is not a JSON Pointer: `~` must be followed by 0 or 1"
                )));
            }
        }
        Ok(Ref::Pointer(text.to_string()))
    }

    fn text(&self) -> &str {
        match self {
            Ref::Name(t) | Ref::Pointer(t) => t,
        }
    }

    fn lookup<'v>(&self, record: &'v Entries) -> Option<&'v Value> {
        match self {
            Ref::Name(name) => record.get(name),
            Ref::Pointer(pointer) => record.pointer(pointer),
        }
    }
}

/// A parsed expression, with the text it was written as.
#[derive(Clone)]
pub struct Expr {
    text: String,
    node: Node,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expr({:?})", self.text)
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.text == other.text
    }
}

impl Eq for Expr {}

impl std::hash::Hash for Expr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

#[derive(Clone, Debug)]
enum Node {
    Field(Ref),
    Number(f64),
    Text(String),
    Not(Box<Node>),
    Negate(Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Function {
    Log,
    Log10,
    Exp,
    Sqrt,
    Min,
    Max,
}

const FUNCTIONS: &[(&str, Function, usize)] = &[
    ("log", Function::Log, 1),
    ("log10", Function::Log10, 1),
    ("exp", Function::Exp, 1),
    ("sqrt", Function::Sqrt, 1),
    ("min", Function::Min, 2),
    ("max", Function::Max, 2),
];

/// Why a text is not an expression: the reason and the character (1-based) it starts at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub reason: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at, self.reason)
    }
}

/// A value while an expression is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Number(f64),
    Text(String),
    Bool(bool),
}

/// Why an expression has no value for a record.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum EvalError {
    #[error("the record has no field `{0}`")]
    Missing(String),
    #[error("field `{field}` is {found}, not a number or a string")]
    Unusable { field: String, found: &'static str },
    #[error("`{0}` is a string, and arithmetic needs numbers")]
    TextInArithmetic(String),
    #[error("{0} is not a number, and `{1}` needs numbers")]
    NotNumber(&'static str, &'static str),
    #[error("division by zero")]
    DivisionByZero,
    #[error("{function} of {value}, which is not positive")]
    NotPositive { function: &'static str, value: f64 },
    #[error("the result is not a finite number")]
    NotFinite,
    #[error("a condition is true or false, not {0}")]
    NotCondition(&'static str),
}

/// A record's top-level fields in order: records hold few, so a scan finds one faster than a
/// hash table would, and building one costs a vector, not a map.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Entries(Vec<(String, Value)>);

impl Entries {
    /// The fields of a record object (anything else has none).
    pub(crate) fn of(value: Value) -> Entries {
        match value {
            Value::Object(map) => Entries(map.into_iter().collect()),
            _ => Entries::default(),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The value at an RFC 6901 JSON Pointer (`/results/a~1b/acc`).
    pub(crate) fn pointer(&self, pointer: &str) -> Option<&Value> {
        let rest = pointer.strip_prefix('/')?;
        let (first, below) = rest.split_once('/').map_or((rest, ""), |(f, b)| (f, b));
        let first = first.replace("~1", "/").replace("~0", "~");
        let value = self.get(&first)?;
        match below {
            "" if !rest.contains('/') => Some(value),
            _ => value.pointer(&format!("/{below}")),
        }
    }

    /// Sets field `name`, replacing a field of that name.
    pub(crate) fn set(&mut self, name: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }

    /// Sets field `name` (owned), replacing a field of that name, as a JSON object's later
    /// key does.
    pub(crate) fn insert(&mut self, name: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// Adds field `name` unless the record has one.
    pub(crate) fn add(&mut self, name: &str, value: &Value) {
        if self.get(name).is_none() {
            self.0.push((name.to_string(), value.clone()));
        }
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub(crate) fn push(&mut self, name: String, value: Value) {
        self.0.push((name, value));
    }

    /// The record as a JSON object, for messages.
    pub(crate) fn to_value(&self) -> Value {
        Value::Object(self.0.iter().cloned().collect())
    }
}

/// Where an expression's fields come from: a record, and whether its strings are table
/// cells (numbers written as text) or JSON strings (text).
pub(crate) struct Scope<'r> {
    pub record: &'r Entries,
    pub cells: bool,
}

impl Expr {
    /// Parses `text`.
    pub(crate) fn parse(text: &str) -> Result<Expr, SyntaxError> {
        let tokens = tokens(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            at: 0,
            end: text.chars().count() + 1,
            depth: 0,
        };
        let node = parser.or()?;
        if let Some((at, token)) = parser.tokens.get(parser.at) {
            return Err(SyntaxError {
                at: *at,
                reason: format!("unexpected {}", token.describe()),
            });
        }
        Ok(Expr {
            text: text.to_string(),
            node,
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The field this expression is, when it is nothing more than one field.
    pub(crate) fn as_field(&self) -> Option<&Ref> {
        match &self.node {
            Node::Field(f) => Some(f),
            _ => None,
        }
    }

    /// The value for the record in `scope`. A record with a field named exactly like the
    /// whole text (`acc-norm`) gives that field's value.
    pub(crate) fn eval(&self, scope: &Scope) -> Result<Val, EvalError> {
        if let Some(value) = scope.record.get(&self.text) {
            return field_value(&self.text, value);
        }
        eval(&self.node, scope)
    }

    /// Adds the top-level field names this expression reads (and its whole text, which a
    /// field may be named) to `names`; `false` when it reads a JSON Pointer.
    pub(crate) fn names(&self, names: &mut Vec<String>) -> bool {
        names.push(self.text.clone());
        node_names(&self.node, names)
    }

    /// Whether the record in `scope` passes this condition.
    pub(crate) fn holds(&self, scope: &Scope) -> Result<bool, EvalError> {
        match self.eval(scope)? {
            Val::Bool(b) => Ok(b),
            Val::Number(_) => Err(EvalError::NotCondition("a number")),
            Val::Text(_) => Err(EvalError::NotCondition("a string")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Ident(String),
    Field(String),
    Op(&'static str),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Number(n) => format!("number {n}"),
            Token::Text(t) => format!("string '{t}'"),
            Token::Ident(i) => format!("`{i}`"),
            Token::Field(f) => format!("field {{{f}}}"),
            Token::Op(o) => format!("`{o}`"),
        }
    }
}

const OPERATORS: &[&str] = &[
    "&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "^", "(", ")", ",",
];

/// The tokens of `text`, each with the character (1-based) it starts at.
fn tokens(text: &str) -> Result<Vec<(usize, Token)>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        let fail = |reason: &str| SyntaxError {
            at,
            reason: reason.to_string(),
        };
        if c.is_whitespace() {
            i += 1;
        } else if c == '{' {
            let len = chars[i + 1..].iter().position(|&c| c == '}');
            let len = len.ok_or_else(|| fail("`{` without its `}`"))?;
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            if name.trim().is_empty() {
                return Err(fail("`{}` names no field"));
            }
            out.push((at, Token::Field(name)));
            i += len + 2;
        } else if c == '\'' {
            let len = chars[i + 1..].iter().position(|&c| c == '\'');
            let len = len.ok_or_else(|| fail("a string without its closing `'`"))?;
            out.push((at, Token::Text(chars[i + 1..i + 1 + len].iter().collect())));
            i += len + 2;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let (number, len) = number_at(&chars[i..]).ok_or_else(|| fail("a malformed number"))?;
            out.push((at, Token::Number(number)));
            i += len;
        } else if c.is_alphabetic() || c == '_' {
            let len = chars[i..]
                .iter()
                .position(|&c| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(chars.len() - i);
            out.push((at, Token::Ident(chars[i..i + len].iter().collect())));
            i += len;
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let op = OPERATORS.iter().find(|op| rest.starts_with(**op));
            let op = op.ok_or_else(|| fail(&format!("`{c}` is not part of an expression")))?;
            out.push((at, Token::Op(op)));
            i += op.len();
        }
    }
    Ok(out)
}

/// A number at the start of `chars` (`12`, `1.5`, `1e9`, `2.5E-3`) and its length.
fn number_at(chars: &[char]) -> Option<(f64, usize)> {
    let mut len = chars
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == '.'))
        .unwrap_or(chars.len());
    if matches!(chars.get(len), Some('e' | 'E')) {
        let sign = usize::from(matches!(chars.get(len + 1), Some('+' | '-')));
        let digits = chars[len + 1 + sign..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 {
            len += 1 + sign + digits;
        }
    }
    let text: String = chars[..len].iter().collect();
    text.parse().ok().map(|n| (n, len))
}

struct Parser<'t> {
    tokens: &'t [(usize, Token)],
    at: usize,
    /// The character after the text, for errors at its end.
    end: usize,
    /// How deeply the expression nests here: parsing and evaluating recurse, and a text
    /// from anyone must not exhaust the stack.
    depth: usize,
}

/// The deepest nesting of parentheses, calls, signs and negations an expression may have.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn peek_op(&self, ops: &[&'static str]) -> Option<&'static str> {
        match self.tokens.get(self.at) {
            Some((_, Token::Op(op))) if ops.contains(op) => Some(op),
            _ => None,
        }
    }

    fn here(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |t| t.0)
    }

    /// Left-associative binary operators `ops` over operands parsed by `next`.
    fn binary(
        &mut self,
        ops: &[(&'static str, Op)],
        next: fn(&mut Self) -> Result<Node, SyntaxError>,
    ) -> Result<Node, SyntaxError> {
        let names: Vec<&'static str> = ops.iter().map(|o| o.0).collect();
        let mut left = next(self)?;
        while let Some(op) = self.peek_op(&names) {
            self.at += 1;
            let op = ops.iter().find(|o| o.0 == op).map(|o| o.1).expect("listed");
            let right = next(self)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Node, SyntaxError> {
        self.nested(|p| p.binary(&[("||", Op::Or)], Self::and))
    }

    /// `parse` one level deeper; an error past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        parse: impl FnOnce(&mut Self) -> Result<Node, SyntaxError>,
    ) -> Result<Node, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError {
                at: self.here(),
                reason: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        self.depth += 1;
        let node = parse(self);
        self.depth -= 1;
        node
    }

    fn and(&mut self) -> Result<Node, SyntaxError> {
        self.binary(&[("&&", Op::And)], Self::not)
    }

    fn not(&mut self) -> Result<Node, SyntaxError> {
        if self.peek_op(&["!"]).is_some() {
            self.at += 1;
            return self.nested(|p| Ok(Node::Not(Box::new(p.not()?))));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Node, SyntaxError> {
        let ops = [
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        self.binary(&ops, Self::sum)
    }

    fn sum(&mut self) -> Result<Node, SyntaxError> {
        self.binary(&[("+", Op::Add), ("-", Op::Sub)], Self::product)
    }

    fn product(&mut self) -> Result<Node, SyntaxError> {
        self.binary(&[("*", Op::Mul), ("/", Op::Div)], Self::unary)
    }

    fn unary(&mut self) -> Result<Node, SyntaxError> {
        if self.peek_op(&["-"]).is_some() {
            self.at += 1;
            return self.nested(|p| Ok(Node::Negate(Box::new(p.unary()?))));
        }
        self.power()
    }

    /// `^` binds tighter than a sign on its left and is right-associative: `-2^2` is -4.
    fn power(&mut self) -> Result<Node, SyntaxError> {
        let base = self.primary()?;
        if self.peek_op(&["^"]).is_some() {
            self.at += 1;
            let exponent = self.nested(Self::unary)?;
            return Ok(Node::Binary(Op::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Node, SyntaxError> {
        let at = self.here();
        let fail = |reason: String| SyntaxError { at, reason };
        let Some((_, token)) = self.tokens.get(self.at) else {
            return Err(fail("the expression ends where a value is expected".into()));
        };
        self.at += 1;
        match token {
            Token::Number(n) => Ok(Node::Number(*n)),
            Token::Text(t) => Ok(Node::Text(t.clone())),
            Token::Field(f) => Ref::parse(f)
                .map(Node::Field)
                .map_err(|e| fail(e.to_string())),
            Token::Ident(name) if self.peek_op(&["("]).is_some() => self.call(name, at),
            Token::Ident(name) => Ok(Node::Field(Ref::Name(name.clone()))),
            Token::Op("(") => {
                let inner = self.or()?;
                self.expect(")")?;
                Ok(inner)
            }
            other => Err(fail(format!("unexpected {}", other.describe()))),
        }
    }

    fn call(&mut self, name: &str, at: usize) -> Result<Node, SyntaxError> {
        let Some(&(_, function, arity)) = FUNCTIONS.iter().find(|f| f.0 == name) else {
            let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.0).collect();
            return Err(SyntaxError {
                at,
                reason: format!("unknown function `{name}` (expected {})", names.join(", ")),
            });
        };
        self.expect("(")?;
        let mut arguments = vec![self.or()?];
        while self.peek_op(&[","]).is_some() {
            self.at += 1;
            arguments.push(self.or()?);
        }
        self.expect(")")?;
        if arguments.len() != arity {
            return Err(SyntaxError {
                at,
                reason: format!(
                    "`{name}` takes {arity} argument{}, not {}",
                    if arity == 1 { "" } else { "s" },
                    arguments.len()
                ),
            });
        }
        Ok(Node::Call(function, arguments))
    }

    fn expect(&mut self, op: &'static str) -> Result<(), SyntaxError> {
        if self.peek_op(&[op]).is_some() {
            self.at += 1;
            return Ok(());
        }
        Err(SyntaxError {
            at: self.here(),
            reason: format!("expected `{op}`"),
        })
    }
}

fn node_names(node: &Node, names: &mut Vec<String>) -> bool {
    match node {
        Node::Field(Ref::Name(n)) => {
            names.push(n.clone());
            true
        }
        Node::Field(Ref::Pointer(_)) => false,
        Node::Number(_) | Node::Text(_) => true,
        Node::Not(inner) | Node::Negate(inner) => node_names(inner, names),
        Node::Binary(_, l, r) => node_names(l, names) & node_names(r, names),
        Node::Call(_, arguments) => arguments
            .iter()
            .fold(true, |all, a| all & node_names(a, names)),
    }
}

/// A record's value as an expression sees it.
fn field_value(name: &str, value: &Value) -> Result<Val, EvalError> {
    let unusable = |found| EvalError::Unusable {
        field: name.to_string(),
        found,
    };
    match value {
        Value::Number(n) => Ok(Val::Number(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) => Ok(Val::Text(s.clone())),
        Value::Bool(b) => Ok(Val::Bool(*b)),
        Value::Null => Err(unusable("null")),
        Value::Array(_) => Err(unusable("an array")),
        Value::Object(_) => Err(unusable("an object")),
    }
}

fn eval(node: &Node, scope: &Scope) -> Result<Val, EvalError> {
    match node {
        Node::Field(field) => {
            let value = field.lookup(scope.record);
            let value = value.ok_or_else(|| EvalError::Missing(field.text().to_string()))?;
            field_value(field.text(), value)
        }
        Node::Number(n) => Ok(Val::Number(*n)),
        Node::Text(t) => Ok(Val::Text(t.clone())),
        Node::Not(inner) => match eval(inner, scope)? {
            Val::Bool(b) => Ok(Val::Bool(!b)),
            _ => Err(EvalError::NotCondition("a value")),
        },
        Node::Negate(inner) => Ok(Val::Number(-number(eval(inner, scope)?, scope)?)),
        Node::Binary(op, left, right) => binary(*op, left, right, scope),
        Node::Call(function, arguments) => call(*function, arguments, scope),
    }
}

/// A value as a number: table cells are text and read as numbers; other text is refused.
fn number(value: Val, scope: &Scope) -> Result<f64, EvalError> {
    match value {
        Val::Number(n) => Ok(n),
        Val::Text(t) if scope.cells => {
            super::scalar::lenient_number(&t).map_err(|_| EvalError::TextInArithmetic(t))
        }
        Val::Text(t) => Err(EvalError::TextInArithmetic(t)),
        Val::Bool(_) => Err(EvalError::NotNumber("true or false", "arithmetic")),
    }
}

fn finite(n: f64) -> Result<Val, EvalError> {
    if n.is_finite() {
        Ok(Val::Number(n))
    } else {
        Err(EvalError::NotFinite)
    }
}

fn binary(op: Op, left: &Node, right: &Node, scope: &Scope) -> Result<Val, EvalError> {
    if matches!(op, Op::And | Op::Or) {
        let truth = |node| match eval(node, scope)? {
            Val::Bool(b) => Ok(b),
            _ => Err(EvalError::NotCondition("a value")),
        };
        let l = truth(left)?;
        // Short-circuit, as users expect: `{a} > 0 && log({a}) > 1` is safe.
        return Ok(Val::Bool(match op {
            Op::And => l && truth(right)?,
            _ => l || truth(right)?,
        }));
    }
    let (l, r) = (eval(left, scope)?, eval(right, scope)?);
    if matches!(op, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge) {
        return compare(op, l, r, scope);
    }
    if op == Op::Add
        && let (Val::Text(a), Val::Text(b)) = (&l, &r)
        && !(scope.cells && both_numbers(a, b))
    {
        return Ok(Val::Text(format!("{a}{b}")));
    }
    let (a, b) = (number(l, scope)?, number(r, scope)?);
    match op {
        Op::Add => finite(a + b),
        Op::Sub => finite(a - b),
        Op::Mul => finite(a * b),
        Op::Div if b == 0.0 => Err(EvalError::DivisionByZero),
        Op::Div => finite(a / b),
        _ => finite(a.powf(b)),
    }
}

fn both_numbers(a: &str, b: &str) -> bool {
    super::scalar::lenient_number(a).is_ok() && super::scalar::lenient_number(b).is_ok()
}

fn compare(op: Op, l: Val, r: Val, scope: &Scope) -> Result<Val, EvalError> {
    use std::cmp::Ordering;
    let ordering = match (l, r) {
        (Val::Text(a), Val::Text(b)) if !(scope.cells && both_numbers(&a, &b)) => a.cmp(&b),
        (Val::Bool(a), Val::Bool(b)) => a.cmp(&b),
        (l, r) => {
            let (a, b) = (number(l, scope)?, number(r, scope)?);
            a.partial_cmp(&b).unwrap_or(Ordering::Equal)
        }
    };
    Ok(Val::Bool(match op {
        Op::Eq => ordering == Ordering::Equal,
        Op::Ne => ordering != Ordering::Equal,
        Op::Lt => ordering == Ordering::Less,
        Op::Le => ordering != Ordering::Greater,
        Op::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    }))
}

fn call(function: Function, arguments: &[Node], scope: &Scope) -> Result<Val, EvalError> {
    let mut values = Vec::with_capacity(arguments.len());
    for a in arguments {
        values.push(number(eval(a, scope)?, scope)?);
    }
    let positive = |name: &'static str, v: f64| {
        if v > 0.0 {
            Ok(v)
        } else {
            Err(EvalError::NotPositive {
                function: name,
                value: v,
            })
        }
    };
    match function {
        Function::Log => finite(positive("log", values[0])?.ln()),
        Function::Log10 => finite(positive("log10", values[0])?.log10()),
        Function::Exp => finite(values[0].exp()),
        Function::Sqrt if values[0] < 0.0 => Err(EvalError::NotPositive {
            function: "sqrt",
            value: values[0],
        }),
        Function::Sqrt => finite(values[0].sqrt()),
        Function::Min => finite(values[0].min(values[1])),
        Function::Max => finite(values[0].max(values[1])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str, record: &Value) -> Result<Val, EvalError> {
        let record = Entries::of(record.clone());
        let scope = Scope {
            record: &record,
            cells: false,
        };
        Expr::parse(text).unwrap().eval(&scope)
    }

    #[test]
    fn arithmetic_follows_the_usual_precedence() {
        let r = json!({"size": 1.4e9, "step": 1000, "Training FLOP": 5, "family": "pythia"});
        let n = |t: &str| value(t, &r).unwrap();
        assert_eq!(
            n("6 * {size} * {step} * 2^21"),
            Val::Number(6.0 * 1.4e9 * 1000.0 * 2097152.0)
        );
        assert_eq!(n("-2^2"), Val::Number(-4.0));
        assert_eq!(n("2^3^2"), Val::Number(512.0));
        assert_eq!(n("(1 + 2) * 3 - 8 / 4"), Val::Number(7.0));
        assert_eq!(n("{Training FLOP} * 2"), Val::Number(10.0));
        assert_eq!(n("max(log10(1e3), sqrt(4))"), Val::Number(3.0));
        assert_eq!(n("{family} + ' ' + 'x'"), Val::Text("pythia x".into()));
        assert_eq!(n("step >= 1000 && !({family} == 'gpt')"), Val::Bool(true));
        assert_eq!(n("{step} < 10 || size > 1e9"), Val::Bool(true));
    }

    #[test]
    fn records_that_cannot_give_a_value_say_why() {
        let r = json!({"a": 0, "s": "x", "n": null});
        let e = |t: &str| value(t, &r).unwrap_err().to_string();
        assert_eq!(e("1 / {a}"), "division by zero");
        assert_eq!(e("log({a})"), "log of 0, which is not positive");
        assert_eq!(
            e("{s} * 2"),
            "`x` is a string, and arithmetic needs numbers"
        );
        assert_eq!(e("{b} + 1"), "the record has no field `b`");
        assert_eq!(e("{n} + 1"), "field `n` is null, not a number or a string");
        assert_eq!(e("exp(1000)"), "the result is not a finite number");
    }

    #[test]
    fn syntax_errors_name_the_character() {
        let e = |t: &str| Expr::parse(t).unwrap_err().to_string();
        assert_eq!(e("6 * {size"), "at character 5: `{` without its `}`");
        assert_eq!(
            e("2 *"),
            "at character 4: the expression ends where a value is expected"
        );
        assert_eq!(
            e("lg(2)"),
            "at character 1: unknown function `lg` (expected log, log10, exp, sqrt, min, max)"
        );
        assert_eq!(
            e("min(1)"),
            "at character 1: `min` takes 2 arguments, not 1"
        );
        assert_eq!(e("(1 + 2"), "at character 7: expected `)`");
        assert_eq!(
            e("a $ b"),
            "at character 3: `$` is not part of an expression"
        );
        assert_eq!(e("a b"), "at character 3: unexpected `b`");
        // Text from anyone cannot exhaust the stack, however it nests.
        for deep in [
            "(".repeat(100_000),
            "-".repeat(100_000),
            "!".repeat(100_000),
        ] {
            assert!(e(&format!("{deep}1")).contains("nested more than 64 levels deep"));
        }
        let power = vec!["2"; 100_000].join("^");
        assert!(e(&power).contains("nested more than 64 levels deep"));
    }

    #[test]
    fn table_cells_are_numbers_in_arithmetic() {
        let r = Entries::of(json!({"flops": "1,000", "name": "m"}));
        let scope = Scope {
            record: &r,
            cells: true,
        };
        let v = |t: &str| Expr::parse(t).unwrap().eval(&scope);
        assert_eq!(v("{flops} * 2"), Ok(Val::Number(2000.0)));
        assert_eq!(v("{flops} + {flops}"), Ok(Val::Number(2000.0)));
        assert!(v("{name} * 2").is_err());
    }

    #[test]
    fn a_field_named_like_the_whole_text_is_that_field() {
        let r = json!({"acc-norm": 3, "acc": 5, "norm": 1});
        assert_eq!(value("acc-norm", &r), Ok(Val::Number(3.0)));
        assert_eq!(value("acc - norm", &r), Ok(Val::Number(4.0)));
    }
}
