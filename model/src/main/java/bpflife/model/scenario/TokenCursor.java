package bpflife.model.scenario;

import java.util.List;

/**
 * Walks the tokens of one line. Every "expected X" helper fails with an error that points at the
 * token it did not like (or just past the last token when the line ended too early) and names it.
 */
final class TokenCursor {

    private final String file;
    private final SourceLine line;
    private int next;

    TokenCursor(String file, SourceLine line) {
        this.file = file;
        this.line = line;
    }

    SourceLine line() {
        return line;
    }

    /** Index of the next token; {@link SourceLine#slice} takes such indexes. */
    int index() {
        return next;
    }

    boolean atEnd() {
        return next >= line.tokens().size();
    }

    /** The next token, or null at the end of the line. */
    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        List<Token> tokens = line.tokens();
        return next + ahead < tokens.size() ? tokens.get(next + ahead) : null;
    }

    boolean peekIs(Token.Kind kind) {
        Token t = peek();
        return t != null && t.kind() == kind;
    }

    boolean peekWord(String word) {
        Token t = peek();
        return t != null && t.isWord(word);
    }

    /** Takes the next token, whatever it is; the caller has looked at it. */
    Token take() {
        if (atEnd()) {
            throw new IllegalStateException("take() called at the end of line " + line.number());
        }
        return line.tokens().get(next++);
    }

    Pos pos(Token t) {
        return new Pos(file, t.line(), t.column());
    }

    /** A position inside a word, {@code offset} UTF-16 units (a String index) after its start. */
    Pos pos(Token t, int offset) {
        return new Pos(file, t.line(), t.columnAt(offset));
    }

    /** Where the next token starts, or just past the last one. */
    Pos here() {
        Token t = peek();
        if (t != null) {
            return pos(t);
        }
        List<Token> tokens = line.tokens();
        Token last = tokens.get(tokens.size() - 1);
        return new Pos(file, line.number(), last.endColumn());
    }

    String found() {
        Token t = peek();
        return t == null ? "end of line" : t.describe();
    }

    ScenarioException expected(String what) {
        return new ScenarioException(here(), "expected " + what + ", found " + found());
    }

    ScenarioException error(Token at, String message) {
        return new ScenarioException(pos(at), message);
    }

    /** The next token, which must be a word. */
    Token word(String what) {
        if (!peekIs(Token.Kind.WORD)) {
            throw expected(what);
        }
        return take();
    }

    /** The next token must be exactly {@code keyword}. */
    Token keyword(String keyword, String context) {
        if (!peekWord(keyword)) {
            throw expected("'" + keyword + "' " + context);
        }
        return take();
    }

    Token punct(Token.Kind kind, String what) {
        if (!peekIs(kind)) {
            throw expected(what);
        }
        return take();
    }

    void end(String what) {
        if (!atEnd()) {
            throw expected(what);
        }
    }
}
