package bpflife.model.scenario;

/**
 * One token of a scenario line, with the 1-based line and column of its first character. Columns
 * count code points, as an editor does: an emoji or a letter outside the BMP is one column (and
 * a tab is one). {@code offset} is where the token starts in the line's Java string (UTF-16 units),
 * for slicing the source.
 * A WORD is a maximal run of characters that are neither blanks nor punctuation, so paths
 * ({@code /sys/fs/bpf/x}), references ({@code cat*.f}) and ranges ({@code 1..50}) arrive whole and
 * are taken apart by the parser, which can then point into them.
 */
record Token(Kind kind, String text, int line, int column, int offset) {

    enum Kind { WORD, EQUALS, ARROW, BAR, COMMA, COLON, LBRACKET, RBRACKET }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** The column just after the token. */
    int endColumn() {
        return column + text.codePointCount(0, text.length());
    }

    /** The column of the character {@code offset} UTF-16 units into the token. */
    int columnAt(int offset) {
        return column + text.codePointCount(0, offset);
    }

    /** Just past the token in the line's Java string. */
    int endOffset() {
        return offset + text.length();
    }

    /** How an error message names this token. */
    String describe() {
        return "'" + text + "'";
    }
}
