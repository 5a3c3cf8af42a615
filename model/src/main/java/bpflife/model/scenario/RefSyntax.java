package bpflife.model.scenario;

import bpflife.protocol.Errno;
import bpflife.protocol.IdKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Pieces of syntax that statements and the {@code expect:} block share: references, listings, errnos. */
final class RefSyntax {

    private RefSyntax() {}

    static final List<String> ERRNOS = Arrays.stream(Errno.values()).map(Enum::name).toList();

    /** {@code TASK.VAR}; with {@code glob}, the task may contain {@code *}. */
    static Ref ref(TokenCursor c, String what, boolean glob) {
        Token t = c.word(what);
        String s = t.text();
        int dot = s.indexOf('.');
        if (dot < 0) {
            throw c.error(t, "expected " + what + ", found '" + s + "'");
        }
        String task = s.substring(0, dot);
        String var = s.substring(dot + 1);
        boolean taskOk = glob ? isTaskPattern(task) : Words.isIdentifier(task);
        if (!taskOk) {
            throw c.error(t, "expected a task name before '.' in " + what + ", found '" + task + "'");
        }
        if (!Words.isIdentifier(var)) {
            throw new ScenarioException(c.pos(t, dot + 1),
                    "expected a variable name after '" + task + ".', found '" + var + "'");
        }
        return new Ref(task, var, c.pos(t), c.pos(t, dot + 1));
    }

    private static boolean isTaskPattern(String s) {
        // '*' may stand anywhere a name character may
        return Words.isIdentifier(s.replace('*', '_'));
    }

    /**
     * {@code none} or {@code ENTRY, ENTRY}: for a link listing an entry is {@code TASK.VAR prog TASK.VAR},
     * for a prog listing {@code TASK.VAR}.
     */
    static List<ExpectItem.ListingEntry> listing(TokenCursor c, IdKind kind, String context) {
        if (c.peekWord("none")) {
            c.take();
            return List.of();
        }
        String entry = kind == IdKind.LINK ? "'none' or TASK.VAR prog TASK.VAR" : "'none' or TASK.VAR";
        List<ExpectItem.ListingEntry> entries = new ArrayList<>();
        while (true) {
            Ref object = ref(c, entries.isEmpty() ? entry + " " + context : "TASK.VAR after ','", false);
            Ref prog = null;
            if (kind == IdKind.LINK) {
                c.keyword("prog", "after the link " + object);
                prog = ref(c, "TASK.VAR after 'prog'", false);
            }
            entries.add(new ExpectItem.ListingEntry(object, prog));
            if (!c.peekIs(Token.Kind.COMMA)) {
                return entries;
            }
            c.take();
        }
    }

    static boolean looksLikeErrno(String s) {
        if (s.length() < 2 || s.charAt(0) != 'E') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
                return false;
            }
        }
        return true;
    }

    static ScenarioException unknownErrno(TokenCursor c, Token t) {
        String hint = Words.didYouMean(t.text(), ERRNOS);
        String tail = hint != null ? "did you mean '" + hint + "'?" : "expected one of " + String.join(", ", ERRNOS);
        return c.error(t, "unknown errno '" + t.text() + "' (" + tail + ")");
    }
}
