//! The one font of every figure, compiled into the binary (no system font is ever read).

/// The font every figure uses, compiled into the binary.
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_FAMILY: &str = "sans-serif";
pub const FONT_NAME: &str = "DejaVu Sans";

/// Registers the embedded font with plotters once per process.
pub(super) fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is a fixed, known-good file; failure here is a build defect, not user input.
        plotters::style::register_font(FONT_FAMILY, plotters::style::FontStyle::Normal, FONT)
            .unwrap_or_else(|_| panic!("embedded font is not a valid TrueType file"));
    });
}
