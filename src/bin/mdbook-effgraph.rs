//! `mdbook-effgraph`: the mdBook preprocessor. Everything lives in the library.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    effgraph::mdbook::main(&args)
}
