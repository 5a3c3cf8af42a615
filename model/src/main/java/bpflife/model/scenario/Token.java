package bpflife.model.scenario;

/**
 * One token of a scenario line, with the 1-based line and column of its first character.
 * A WORD is a maximal run of characters that are neither blanks nor punctuation, so paths
 * ({@code /sys/fs/bpf/x}), references ({@code cat*.f}) and ranges ({@code 1..50}) arrive whole and
 * are taken apart by the parser, which can then point into them.
 */
record Token(Kind kind, String text, int line, int column) {

    enum Kind { WORD, EQUALS, ARROW, BAR, COMMA, COLON, LBRACKET, RBRACKET }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** The column just after the token. */
    int endColumn() {
        return column + text.length();
    }

    /** How an error message names this token. */
    String describe() {
        return "'" + text + "'";
    }
}
