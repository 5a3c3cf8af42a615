package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Parses one statement line of a task body into its system call, its inline expectation and the
 * names it touches. Only the grammar is checked here; whether the names are bound, and to what,
 * needs the whole file and is {@link ScenarioChecker}'s job. This file reads the line's shape
 * ({@code [V =] call ... [=> outcome]}) and picks the call by its first word; the calls' operands
 * are read by {@link BpfStatements}, {@link FileStatements}, {@link CgroupStatements} and
 * {@link TaskStatements}.
 */
final class StatementParser {

    /** First words of statements that do not bind a variable. */
    static final List<String> STATEMENTS = List.of("pin", "read", "close", "rm", "unlink", "mv", "rename", "ln",
            "mkdir", "rmdir", "update", "detach", "next", "fork", "exit", "link", "prog", "signal", "wait", "cgroup",
            "write", "lseek");

    /** First words after {@code V =}, each with the kind of object the variable then holds. */
    private enum Binding {
        PROG(VarKind.PROG), // prog load and prog get id both give a prog
        MAP(VarKind.MAP),
        LINK(VarKind.LINK),
        OBJ(VarKind.ANY), // obj get: whatever the pin holds
        OPEN(VarKind.SESSION),
        ITER(VarKind.SESSION),
        DUP(VarKind.ANY), // bound by FileStatements.dup as an alias of the fd, whose kind it takes
        CGROUP(VarKind.CGROUP);

        final String word = name().toLowerCase(Locale.ROOT);
        final VarKind result;

        Binding(VarKind result) {
            this.result = result;
        }

        static Binding byWord(String word) {
            for (Binding b : values()) {
                if (b.word.equals(word)) {
                    return b;
                }
            }
            return null;
        }
    }

    /** First words after {@code V =}. */
    static final List<String> BINDINGS = Arrays.stream(Binding.values()).map(b -> b.word).toList();

    private final TokenCursor c;
    private final OperandReader r;

    private StatementParser(TokenCursor c) {
        this.c = c;
        this.r = new OperandReader(c);
    }

    static ParsedStmt parse(String file, SourceLine line) {
        return new StatementParser(new TokenCursor(file, line)).statement();
    }

    private ParsedStmt statement() {
        Token first = c.peek();
        Token second = c.peek(1);
        Syscall call;
        if (first.kind() == Token.Kind.WORD && second != null && second.kind() == Token.Kind.EQUALS) {
            c.take();
            c.take();
            if (!Words.isIdentifier(first.text())) {
                throw c.error(first, "expected a variable name ([A-Za-z_][A-Za-z0-9_]*) before '=', found '"
                        + first.text() + "'");
            }
            call = binding(first);
        } else {
            call = plain();
        }
        String text = c.line().slice(0, c.index() - 1);
        Outcome expect = null;
        if (c.peekIs(Token.Kind.ARROW)) {
            c.take();
            expect = call instanceof Syscall.Show show
                    ? new Outcome.Listing(listing(show.kind()))
                    : new Outcome.Results(results(call instanceof Syscall.Read,
                            call instanceof Syscall.Read rd && !rd.untilEof()));
        } else {
            c.end("'=>' or end of line after '" + text + "'");
        }
        return new ParsedStmt(new Stmt(call, expect, c.pos(first), text), r.operands());
    }

    // ---- statements that bind a variable: V = ...

    private Syscall binding(Token v) {
        String result = v.text();
        String context = "after '" + result + " ='";
        Token kw = c.peek();
        Binding binding = kw != null && kw.kind() == Token.Kind.WORD ? Binding.byWord(kw.text()) : null;
        if (binding == null) {
            String suggestion = kw != null && kw.kind() == Token.Kind.WORD ? Words.suggestion(kw.text(), BINDINGS) : "";
            throw new ScenarioException(c.here(), "expected prog load, map create, link create, "
                    + "link/prog/map get id, obj get, open, iter create, dup or cgroup open " + context
                    + ", found " + c.found() + suggestion);
        }
        c.take();
        Syscall call = switch (binding) {
            case PROG -> r.oneOf(List.of("load", "get"), "after 'prog'").equals("load")
                    ? BpfStatements.progLoad(r, result) : BpfStatements.getById(r, result, IdKind.PROG);
            case MAP -> r.oneOf(List.of("create", "get"), "after 'map'").equals("create")
                    ? BpfStatements.mapCreate(r, result) : BpfStatements.getById(r, result, IdKind.MAP);
            case LINK -> r.oneOf(List.of("create", "get"), "after 'link'").equals("create")
                    ? BpfStatements.linkCreate(r, result) : BpfStatements.getById(r, result, IdKind.LINK);
            case OBJ -> FileStatements.objGet(r, result);
            case OPEN -> FileStatements.open(r, result);
            case ITER -> BpfStatements.iterCreate(r, result);
            case DUP -> FileStatements.dup(r, result, c.pos(v));
            case CGROUP -> CgroupStatements.open(r, result);
        };
        if (binding != Binding.DUP) {
            r.add(new Operand.Bind(result, c.pos(v), binding.result, null));
        }
        return call;
    }

    // ---- statements that bind nothing

    private Syscall plain() {
        Token kw = c.peek();
        if (kw.kind() != Token.Kind.WORD || !STATEMENTS.contains(kw.text())) {
            throw unknownStatement(kw);
        }
        c.take();
        return switch (kw.text()) {
            case "pin" -> FileStatements.pin(r);
            case "read" -> FileStatements.read(r);
            case "write" -> FileStatements.write(r);
            case "lseek" -> FileStatements.lseek(r);
            case "close" -> FileStatements.close(r);
            case "rm", "unlink" -> FileStatements.unlink(r, kw.text());
            case "mv", "rename" -> FileStatements.rename(r, kw.text());
            case "ln" -> FileStatements.hardLink(r);
            case "mkdir" -> FileStatements.mkdir(r);
            case "rmdir" -> FileStatements.rmdir(r);
            case "update" -> BpfStatements.update(r);
            case "detach" -> BpfStatements.detach(r);
            case "next" -> BpfStatements.nextId(r);
            case "link", "prog" -> BpfStatements.show(r, kw);
            case "fork" -> TaskStatements.fork(r);
            case "exit" -> TaskStatements.exit();
            case "signal" -> TaskStatements.signal(r);
            case "wait" -> TaskStatements.waitFor(r);
            case "cgroup" -> CgroupStatements.mkdirOrRmdir(r);
            default -> throw new IllegalStateException("STATEMENTS and the switch disagree on " + kw.text());
        };
    }

    private ScenarioException unknownStatement(Token kw) {
        if (kw.kind() == Token.Kind.WORD && BINDINGS.contains(kw.text())) {
            return c.error(kw, "expected a statement, found '" + kw.text() + "', which returns an fd: write 'V = "
                    + kw.text() + " ...'");
        }
        String suggestion = kw.kind() == Token.Kind.WORD ? Words.suggestion(kw.text(), STATEMENTS) : "";
        if (!suggestion.isEmpty()) {
            return c.error(kw, "expected a statement, found " + kw.describe() + suggestion);
        }
        return c.error(kw, "expected a statement (" + String.join(", ", STATEMENTS) + ", or 'V = ...'), found "
                + kw.describe());
    }

    // ---- inline expectations

    /** {@code read}: the statement is a read; {@code oneRead}: one read(2), whose byte count may be stated. */
    private List<String> results(boolean read, boolean oneRead) {
        List<String> alternatives = new ArrayList<>();
        String expected = oneRead ? "ok, eof, a byte count or an errno" : read ? "ok, eof or an errno" : "ok or an errno";
        while (true) {
            Token t = c.word(expected + (alternatives.isEmpty() ? " after '=>'" : " after '|'"));
            String s = t.text();
            if (Words.isNumber(s) && !oneRead) {
                throw c.error(t, "expected " + expected + ", found " + t.describe() + (read
                        ? ": a byte count is what one read returns, and 'until eof' ends with eof"
                        : ": only a read returns a byte count"));
            } else if (Words.isNumber(s)) {
                if (Words.intValue(s) < 0) {
                    throw c.error(t, "expected a byte count that fits an int, found " + t.describe());
                }
            } else if (s.equals("eof") && !read) {
                throw c.error(t, "expected " + expected + ", found 'eof', which only a read returns");
            } else if (!s.equals("ok") && !s.equals("eof")) {
                if (!RefSyntax.ERRNOS.contains(s)) {
                    if (RefSyntax.looksLikeErrno(s) || Words.didYouMean(s, RefSyntax.ERRNOS) != null) {
                        throw RefSyntax.unknownErrno(c, t);
                    }
                    throw c.error(t, "expected " + expected + ", found " + t.describe());
                }
            }
            alternatives.add(s);
            if (!c.peekIs(Token.Kind.BAR)) {
                c.end("'|' or end of line");
                return List.copyOf(alternatives);
            }
            c.take();
        }
    }

    private List<ShowEntry> listing(IdKind kind) {
        List<ExpectItem.ListingEntry> entries = RefSyntax.listing(c, kind, "after '=>'");
        for (ExpectItem.ListingEntry e : entries) {
            r.add(new Operand.TaskVar(e.object(), EnumSet.of(kind == IdKind.LINK ? VarKind.LINK : VarKind.PROG),
                    "in '" + kind.word() + " show'"));
            if (e.prog() != null) {
                r.add(new Operand.TaskVar(e.prog(), EnumSet.of(VarKind.PROG), "after 'prog' in 'link show'"));
            }
        }
        c.end("',' or end of line");
        return entries.stream().map(ExpectItem.ListingEntry::toShowEntry).toList();
    }
}
