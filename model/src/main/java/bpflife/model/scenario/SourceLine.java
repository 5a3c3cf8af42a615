package bpflife.model.scenario;

import java.util.List;

/**
 * A non-blank line of a scenario, comment removed: its leading blanks (the block structure hangs on
 * them) and its tokens. {@code text} is the line without its comment, kept to quote statements.
 */
record SourceLine(int number, String indent, List<Token> tokens, String text) {

    boolean indented() {
        return !indent.isEmpty();
    }

    /** The source between the start of token {@code from} and the end of token {@code to}, inclusive. */
    String slice(int from, int to) {
        return text.substring(tokens.get(from).offset(), tokens.get(to).endOffset());
    }
}
