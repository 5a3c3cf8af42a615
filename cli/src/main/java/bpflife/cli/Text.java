package bpflife.cli;

/** Small text helpers for the plain reports. */
final class Text {
    private Text() {}

    /** s, padded with blanks to width (never cut). */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
