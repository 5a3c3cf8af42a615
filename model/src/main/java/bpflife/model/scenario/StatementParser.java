package bpflife.model.scenario;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IdKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.MapType;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one statement line of a task body into its system call, its inline expectation and the
 * names it touches. Only the grammar is checked here; whether the names are bound, and to what,
 * needs the whole file and is {@link ScenarioChecker}'s job.
 */
final class StatementParser {

    /** First words of statements that do not bind a variable. */
    static final List<String> STATEMENTS = List.of("pin", "read", "close", "rm", "unlink", "mv", "rename", "ln",
            "mkdir", "rmdir", "update", "detach", "next", "fork", "exit", "link", "prog", "signal", "wait", "cgroup");

    /** First words after {@code V =}. */
    static final List<String> BINDINGS = List.of("prog", "map", "link", "obj", "open", "iter", "dup", "cgroup");

    private static final Set<VarKind> ANY_FD = EnumSet.allOf(VarKind.class);
    private static final Set<VarKind> PINNABLE = EnumSet.of(VarKind.PROG, VarKind.MAP, VarKind.LINK);

    private final TokenCursor c;
    private final List<Operand> operands = new ArrayList<>();

    private StatementParser(TokenCursor c) {
        this.c = c;
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
                    : new Outcome.Results(results(call instanceof Syscall.Read));
        } else {
            c.end("'=>' or end of line after '" + text + "'");
        }
        return new ParsedStmt(new Stmt(call, expect, c.pos(first), text), List.copyOf(operands));
    }

    // ---- statements that bind a variable: V = ...

    private Syscall binding(Token v) {
        String result = v.text();
        String context = "after '" + result + " ='";
        Token kw = c.peek();
        if (kw == null || kw.kind() != Token.Kind.WORD || !BINDINGS.contains(kw.text())) {
            String suggestion = kw != null && kw.kind() == Token.Kind.WORD ? Words.suggestion(kw.text(), BINDINGS) : "";
            throw new ScenarioException(c.here(), "expected prog load, map create, link create, "
                    + "link/prog/map get id, obj get, open, iter create, dup or cgroup open " + context
                    + ", found " + c.found() + suggestion);
        }
        c.take();
        Syscall call = switch (kw.text()) {
            case "prog" -> oneOf(List.of("load", "get"), "after 'prog'").equals("load")
                    ? progLoad(result) : getById(result, IdKind.PROG);
            case "map" -> oneOf(List.of("create", "get"), "after 'map'").equals("create")
                    ? mapCreate(result) : getById(result, IdKind.MAP);
            case "link" -> oneOf(List.of("create", "get"), "after 'link'").equals("create")
                    ? linkCreate(result) : getById(result, IdKind.LINK);
            case "obj" -> {
                c.keyword("get", "after 'obj'");
                yield new Syscall.ObjGet(result, path("after 'obj get'"));
            }
            case "open" -> new Syscall.Open(result, path("after 'open'"));
            case "iter" -> {
                c.keyword("create", "after 'iter'");
                yield new Syscall.IterCreate(result, use(EnumSet.of(VarKind.LINK), "after 'iter create'"));
            }
            case "dup" -> {
                String fd = use(ANY_FD, "after 'dup'");
                operands.add(new Operand.Bind(result, c.pos(v), VarKind.ANY, fd));
                yield new Syscall.Dup(result, fd);
            }
            case "cgroup" -> {
                c.keyword("open", "after 'cgroup' (cgroup mkdir and rmdir bind nothing)");
                yield new Syscall.CgroupOpen(result, cgroupName("after 'cgroup open'"));
            }
            default -> throw new IllegalStateException("BINDINGS and the switch disagree on " + kw.text());
        };
        if (!(call instanceof Syscall.Dup)) {
            operands.add(new Operand.Bind(result, c.pos(v), resultKind(kw.text()), null));
        }
        return call;
    }

    /** The kind follows from the first word: {@code prog load} and {@code prog get id} both give a prog. */
    private static VarKind resultKind(String firstWord) {
        return switch (firstWord) {
            case "prog" -> VarKind.PROG;
            case "map" -> VarKind.MAP;
            case "link" -> VarKind.LINK;
            case "open", "iter" -> VarKind.SESSION;
            case "cgroup" -> VarKind.CGROUP;
            default -> VarKind.ANY; // obj get: whatever the pin holds
        };
    }

    private Syscall progLoad(String result) {
        Token name = c.word("a program name after 'prog load'");
        if (!Words.isIdentifier(name.text())) {
            throw c.error(name, "expected a program name ([A-Za-z_][A-Za-z0-9_]*) after 'prog load', found "
                    + name.describe());
        }
        c.keyword("target", "after 'prog load " + name.text() + "'");
        IterTarget target = target(c);
        int pad = 0;
        boolean sleepable = false;
        Set<String> seen = new HashSet<>();
        while (!atStatementEnd()) {
            Token opt = option(List.of("pad", "sleepable"), "after 'prog load'", seen);
            switch (opt.text()) {
                case "pad" -> pad = number("a line width after 'pad'");
                case "sleepable" -> sleepable = true;
                default -> throw new IllegalStateException(opt.text());
            }
        }
        return new Syscall.ProgLoad(result, name.text(), target, pad, sleepable);
    }

    private Syscall mapCreate(String result) {
        Token t = c.word("a map type after 'map create'");
        MapType type = MapType.byKernelName(t.text());
        if (type == null) {
            List<String> names = Arrays.stream(MapType.values()).map(MapType::kernelName).toList();
            throw c.error(t, "unknown map type '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        c.keyword("entries", "after 'map create " + t.text() + "'");
        return new Syscall.MapCreate(result, type, number("a number of entries after 'entries'"));
    }

    private Syscall linkCreate(String result) {
        String prog = use(EnumSet.of(VarKind.PROG), "after 'link create'");
        String map = null;
        String cgroup = null;
        CgroupOrder order = null;
        int tid = 0;
        Syscall.PrimeFault fault = null;
        Set<String> seen = new HashSet<>();
        while (!atStatementEnd()) {
            Token opt = option(List.of("map", "cgroup", "order", "tid", "fault"), "after 'link create " + prog + "'", seen);
            switch (opt.text()) {
                case "map" -> map = use(EnumSet.of(VarKind.MAP), "after 'map' in 'link create'");
                case "cgroup" -> cgroup = use(EnumSet.of(VarKind.CGROUP), "after 'cgroup' in 'link create'");
                case "order" -> order = order();
                case "tid" -> tid = number("a thread id after 'tid'");
                case "fault" -> fault = Syscall.PrimeFault.valueOf(
                        oneOf(List.of("idr", "file"), "after 'fault'").toUpperCase(java.util.Locale.ROOT));
                default -> throw new IllegalStateException(opt.text());
            }
        }
        return new Syscall.LinkCreate(result, prog, map, cgroup, order, tid, fault);
    }

    private Syscall getById(String result, IdKind kind) {
        c.keyword("id", "after '" + kind.word() + " get'");
        return new Syscall.GetFdById(result, kind, id(kind, "after '" + kind.word() + " get id'"));
    }

    // ---- statements that bind nothing

    private Syscall plain() {
        Token kw = c.peek();
        if (kw.kind() != Token.Kind.WORD || !STATEMENTS.contains(kw.text())) {
            throw unknownStatement(kw);
        }
        c.take();
        return switch (kw.text()) {
            case "pin" -> {
                String fd = use(PINNABLE, "after 'pin'");
                yield new Syscall.ObjPin(fd, path("after 'pin " + fd + "'"));
            }
            case "read" -> read();
            case "close" -> new Syscall.Close(use(ANY_FD, "after 'close'"));
            case "rm", "unlink" -> new Syscall.Unlink(path("after '" + kw.text() + "'"));
            case "mv", "rename" -> {
                String from = path("after '" + kw.text() + "'");
                yield new Syscall.Rename(from, path("as the new name after '" + kw.text() + " " + from + "'"));
            }
            case "ln" -> {
                String from = path("after 'ln'");
                yield new Syscall.HardLink(from, path("as the new name after 'ln " + from + "'"));
            }
            case "mkdir" -> new Syscall.Mkdir(path("after 'mkdir'"));
            case "rmdir" -> new Syscall.Rmdir(path("after 'rmdir'"));
            case "update" -> update();
            case "detach" -> new Syscall.LinkDetach(use(EnumSet.of(VarKind.LINK), "after 'detach'"));
            case "next" -> nextId();
            case "fork" -> {
                Token child = name("a forked task's name after 'fork'");
                operands.add(new Operand.ForkOf(child.text(), c.pos(child)));
                yield new Syscall.Fork(child.text());
            }
            case "exit" -> new Syscall.Exit();
            case "link", "prog" -> show(kw);
            case "signal" -> {
                Token name = name("a signal name after 'signal'");
                operands.add(new Operand.SignalOf(name.text(), c.pos(name)));
                yield new Syscall.Signal(name.text());
            }
            case "wait" -> {
                Token name = name("a signal name after 'wait'");
                operands.add(new Operand.WaitFor(name.text(), c.pos(name)));
                yield new Syscall.Wait(name.text());
            }
            case "cgroup" -> {
                String op = oneOf(List.of("mkdir", "rmdir"), "after 'cgroup' (or 'V = cgroup open NAME')");
                String name = cgroupName("after 'cgroup " + op + "'");
                yield op.equals("mkdir") ? new Syscall.CgroupMkdir(name) : new Syscall.CgroupRmdir(name);
            }
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

    private Syscall read() {
        String fd = use(EnumSet.of(VarKind.SESSION), "after 'read'");
        int count = number("a number of bytes after 'read " + fd + "'");
        boolean untilEof = false;
        if (c.peekWord("until")) {
            c.take();
            c.keyword("eof", "after 'until'");
            untilEof = true;
        }
        return new Syscall.Read(fd, count, untilEof);
    }

    private Syscall update() {
        String link = use(EnumSet.of(VarKind.LINK), "after 'update'");
        String prog = use(EnumSet.of(VarKind.PROG), "as the new prog of 'update " + link + "'");
        String old = null;
        if (c.peekWord("replace")) {
            c.take();
            old = use(EnumSet.of(VarKind.PROG), "after 'replace'");
        }
        return new Syscall.LinkUpdate(link, prog, old);
    }

    private Syscall nextId() {
        c.keyword("id", "after 'next'");
        IdKind kind = idKind("after 'next id'");
        Syscall.IdRef after = Syscall.IdRef.of(0); // GET_NEXT_ID from 0 starts at the first id
        if (c.peekWord("after")) {
            c.take();
            after = id(kind, "after 'after'");
        }
        return new Syscall.GetNextId(kind, after);
    }

    private Syscall show(Token kw) {
        IdKind kind = kw.text().equals("link") ? IdKind.LINK : IdKind.PROG;
        if (c.peekWord("create") || c.peekWord("get") || c.peekWord("load")) {
            throw c.error(c.peek(), "expected 'show' after '" + kw.text() + "', found '" + c.peek().text()
                    + "', which returns an fd: write 'V = " + kw.text() + " " + c.peek().text() + " ...'");
        }
        c.keyword("show", "after '" + kw.text() + "'");
        return new Syscall.Show(kind);
    }

    // ---- inline expectations

    private List<String> results(boolean read) {
        List<String> alternatives = new ArrayList<>();
        String expected = read ? "ok, eof or an errno" : "ok or an errno";
        while (true) {
            Token t = c.word(expected + (alternatives.isEmpty() ? " after '=>'" : " after '|'"));
            String s = t.text();
            if (s.equals("eof") && !read) {
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
            operands.add(new Operand.TaskVar(e.object(), EnumSet.of(kind == IdKind.LINK ? VarKind.LINK : VarKind.PROG),
                    "in '" + kind.word() + " show'"));
            if (e.prog() != null) {
                operands.add(new Operand.TaskVar(e.prog(), EnumSet.of(VarKind.PROG), "after 'prog' in 'link show'"));
            }
        }
        c.end("',' or end of line");
        return entries.stream().map(ExpectItem.ListingEntry::toShowEntry).toList();
    }

    // ---- operands

    private boolean atStatementEnd() {
        return c.atEnd() || c.peekIs(Token.Kind.ARROW);
    }

    /** An option word of a statement that takes options in any order, each at most once. */
    private Token option(List<String> options, String context, Set<String> seen) {
        Token t = c.peek();
        if (t.kind() != Token.Kind.WORD || !options.contains(t.text())) {
            List<String> quoted = new ArrayList<>(options.stream().map(o -> "'" + o + "'").toList());
            quoted.add("'=>'");
            quoted.add("end of line");
            String suggestion = t.kind() == Token.Kind.WORD ? Words.suggestion(t.text(), options) : "";
            throw new ScenarioException(c.pos(t), "expected " + Words.orList(quoted) + " " + context
                    + ", found " + t.describe() + suggestion);
        }
        if (!seen.add(t.text())) {
            throw c.error(t, "option '" + t.text() + "' given twice");
        }
        return c.take();
    }

    private String oneOf(List<String> words, String context) {
        Token t = c.peek();
        if (t == null || !words.contains(t.text()) || t.kind() != Token.Kind.WORD) {
            String quoted = Words.orList(words.stream().map(w -> "'" + w + "'").toList());
            String suggestion = t != null && t.kind() == Token.Kind.WORD ? Words.suggestion(t.text(), words) : "";
            throw new ScenarioException(c.here(), "expected " + quoted + " " + context + ", found " + c.found() + suggestion);
        }
        return c.take().text();
    }

    private String use(Set<VarKind> needed, String role) {
        Token t = c.word(VarKind.describe(needed) + " " + role);
        if (!Words.isIdentifier(t.text())) {
            throw c.error(t, "expected " + VarKind.describe(needed) + " " + role + ", found " + t.describe());
        }
        operands.add(new Operand.Use(t.text(), c.pos(t), needed, role));
        return t.text();
    }

    private Token name(String what) {
        Token t = c.word(what);
        if (!Words.isIdentifier(t.text())) {
            throw c.error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    private String path(String context) {
        Token t = c.word("an absolute path " + context);
        if (!t.text().startsWith("/")) {
            throw c.error(t, "expected an absolute path " + context + ", found relative path " + t.describe());
        }
        return t.text();
    }

    private String cgroupName(String context) {
        Token t = c.word("a cgroup name " + context);
        if (t.text().startsWith("/")) {
            throw c.error(t, "expected a cgroup name relative to the cgroup root " + context + ", found "
                    + t.describe());
        }
        return t.text();
    }

    private int number(String what) {
        Token t = c.word(what);
        if (!Words.isNumber(t.text())) {
            throw c.error(t, "expected " + what + ", found " + t.describe());
        }
        int v = Words.intValue(t.text());
        if (v < 0) {
            throw c.error(t, "expected " + what + ", found " + t.describe() + ", which is larger than "
                    + Integer.MAX_VALUE);
        }
        return v;
    }

    static IterTarget target(TokenCursor c) {
        Token t = c.word("an iterator target");
        IterTarget target = IterTarget.byKernelName(t.text());
        if (target == null) {
            List<String> names = Arrays.stream(IterTarget.values()).map(IterTarget::kernelName).toList();
            throw c.error(t, "unknown iterator target '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        return target;
    }

    private CgroupOrder order() {
        Token t = c.word("a cgroup walk order after 'order'");
        CgroupOrder order = CgroupOrder.byText(t.text());
        if (order == null) {
            List<String> names = Arrays.stream(CgroupOrder.values()).map(CgroupOrder::text).toList();
            throw c.error(t, "unknown cgroup order '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        return order;
    }

    private IdKind idKind(String context) {
        String w = oneOf(List.of("link", "prog", "map"), context);
        return switch (w) {
            case "link" -> IdKind.LINK;
            case "prog" -> IdKind.PROG;
            default -> IdKind.MAP;
        };
    }

    /** A literal id or {@code TASK.VAR}: the id of the object that task's variable was bound to. */
    private Syscall.IdRef id(IdKind kind, String context) {
        Token t = c.peek();
        if (t != null && t.kind() == Token.Kind.WORD && Words.isNumber(t.text())) {
            return Syscall.IdRef.of(number("an id " + context));
        }
        if (t == null || t.kind() != Token.Kind.WORD || t.text().indexOf('.') < 0) {
            throw c.expected("an id (a number or TASK.VAR) " + context);
        }
        Ref ref = RefSyntax.ref(c, "an id (a number or TASK.VAR) " + context, false);
        VarKind needed = switch (kind) {
            case PROG -> VarKind.PROG;
            case LINK -> VarKind.LINK;
            case MAP -> VarKind.MAP;
        };
        operands.add(new Operand.TaskVar(ref, EnumSet.of(needed), context));
        return Syscall.IdRef.of(ref.task(), ref.var());
    }
}
