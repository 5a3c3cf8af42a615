package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import java.util.ArrayList;
import java.util.List;

/** Parses one line of the {@code expect:} block; names are resolved later by {@link ScenarioChecker}. */
final class ExpectationParser {

    static final List<String> ITEMS = List.of("dump", "link", "prog", "freed");

    private final TokenCursor c;

    private ExpectationParser(TokenCursor c) {
        this.c = c;
    }

    static ExpectItem parse(String file, SourceLine line) {
        return new ExpectationParser(new TokenCursor(file, line)).item();
    }

    private ExpectItem item() {
        Token first = c.peek();
        Pos pos = c.pos(first);
        if (first.kind() != Token.Kind.WORD || !ITEMS.contains(first.text())) {
            String suggestion = first.kind() == Token.Kind.WORD ? Words.suggestion(first.text(), ITEMS) : "";
            throw c.error(first, "expected dump, link show, prog show or freed in expect:, found " + first.describe()
                    + suggestion);
        }
        c.take();
        ExpectItem item = switch (first.text()) {
            case "dump" -> dump(pos);
            case "link" -> show(IdKind.LINK, pos);
            case "prog" -> show(IdKind.PROG, pos);
            case "freed" -> new ExpectItem.FreedItem(RefSyntax.ref(c, "TASK.VAR after 'freed'", false), pos);
            default -> throw new IllegalStateException("ITEMS and the switch disagree on " + first.text());
        };
        c.end("end of line");
        return item;
    }

    /**
     * {@code dump T.V: ALT | ALT ...} where an alternative is {@code complete [from T.V]}, {@code only END},
     * {@code N objects} (a complete dump of exactly N object lines), {@code session K},
     * {@code repeats after END} (D6) or an errno, in any order, each at most once.
     */
    private ExpectItem dump(Pos pos) {
        Ref session = RefSyntax.ref(c, "TASK.VAR after 'dump'", true);
        c.punct(Token.Kind.COLON, "':' after 'dump " + session + "'");
        boolean complete = false;
        boolean onlyEnd = false;
        Ref from = null;
        List<String> errnos = new ArrayList<>();
        int objects = -1;
        int rank = -1;
        boolean repeats = false;
        String expected = "complete, only END, N objects, session K, repeats after END or an errno";
        while (true) {
            Token t = c.word(expected + (complete || onlyEnd || objects >= 0 || rank >= 0 || repeats || !errnos.isEmpty()
                    ? " after '|'" : " after ':'"));
            if (t.text().matches("[0-9]{1,9}")) {
                if (objects >= 0) {
                    throw c.error(t, "'N objects' given twice");
                }
                objects = Integer.parseInt(t.text());
                Token unit = c.word("'objects' after '" + t.text() + "'");
                if (!unit.text().equals("objects") && !unit.text().equals("object")) {
                    throw c.error(unit, "expected 'objects' after '" + t.text() + "', found " + unit.describe());
                }
                if (!c.peekIs(Token.Kind.BAR)) {
                    return new ExpectItem.DumpItem(session, complete, onlyEnd, from, List.copyOf(errnos), objects,
                            rank, repeats, pos);
                }
                c.take();
                continue;
            }
            switch (t.text()) {
                case "session" -> {
                    if (rank >= 0) {
                        throw c.error(t, "'session K' given twice");
                    }
                    Token k = c.word("a session's place K (0 for the run's first session) after 'session'");
                    if (!k.text().matches("[0-9]{1,9}")) {
                        throw c.error(k, "expected a session's place K (0 for the run's first session) after "
                                + "'session', found " + k.describe());
                    }
                    rank = Integer.parseInt(k.text());
                }
                case "complete" -> {
                    if (complete) {
                        throw c.error(t, "'complete' given twice");
                    }
                    complete = true;
                    if (c.peekWord("from")) {
                        c.take();
                        from = RefSyntax.ref(c, "TASK.VAR (a prog) after 'from'", false);
                    }
                }
                case "repeats" -> {
                    // D6: object lines came back after the END line (docs/ITERATION-REFS.md)
                    if (repeats) {
                        throw c.error(t, "'repeats after END' given twice");
                    }
                    c.keyword("after", "after 'repeats'");
                    c.keyword("END", "after 'repeats after'");
                    repeats = true;
                }
                case "only" -> {
                    if (onlyEnd) {
                        throw c.error(t, "'only END' given twice");
                    }
                    c.keyword("END", "after 'only'");
                    onlyEnd = true;
                }
                default -> {
                    if (!RefSyntax.ERRNOS.contains(t.text())) {
                        if (RefSyntax.looksLikeErrno(t.text()) || Words.didYouMean(t.text(), RefSyntax.ERRNOS) != null) {
                            throw RefSyntax.unknownErrno(c, t);
                        }
                        throw c.error(t, "expected " + expected + ", found " + t.describe()
                                + Words.suggestion(t.text(), List.of("complete", "only", "session", "repeats")));
                    }
                    errnos.add(t.text());
                }
            }
            if (!c.peekIs(Token.Kind.BAR)) {
                return new ExpectItem.DumpItem(session, complete, onlyEnd, from, List.copyOf(errnos), objects, rank,
                        repeats, pos);
            }
            c.take();
        }
    }

    private ExpectItem show(IdKind kind, Pos pos) {
        c.keyword("show", "after '" + kind.word() + "'");
        c.punct(Token.Kind.COLON, "':' after '" + kind.word() + " show'");
        return new ExpectItem.ShowItem(kind, RefSyntax.listing(c, kind, "after '" + kind.word() + " show:'"), pos);
    }
}
