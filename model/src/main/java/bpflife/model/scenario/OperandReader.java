package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The cursor over one statement line and the operands the statement has named so far. Each read
 * checks the operand's grammar and records the names it uses or binds; whether they are bound, and
 * to what, is {@link ScenarioChecker}'s job once the whole file is read.
 */
final class OperandReader {

    static final Set<VarKind> ANY_FD = EnumSet.allOf(VarKind.class);

    private final TokenCursor c;
    private final List<Operand> operands = new ArrayList<>();

    OperandReader(TokenCursor c) {
        this.c = c;
    }

    TokenCursor cursor() {
        return c;
    }

    void add(Operand operand) {
        operands.add(operand);
    }

    List<Operand> operands() {
        return List.copyOf(operands);
    }

    boolean atStatementEnd() {
        return c.atEnd() || c.peekIs(Token.Kind.ARROW);
    }

    /** An option word of a statement that takes options in any order, each at most once. */
    Token option(List<String> options, String context, Set<String> seen) {
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

    String oneOf(List<String> words, String context) {
        Token t = c.peek();
        if (t == null || !words.contains(t.text()) || t.kind() != Token.Kind.WORD) {
            String quoted = Words.orList(words.stream().map(w -> "'" + w + "'").toList());
            String suggestion = t != null && t.kind() == Token.Kind.WORD ? Words.suggestion(t.text(), words) : "";
            throw new ScenarioException(c.here(), "expected " + quoted + " " + context + ", found " + c.found() + suggestion);
        }
        return c.take().text();
    }

    /** A variable the statement uses, which must hold one of {@code needed}. */
    String use(Set<VarKind> needed, String role) {
        Token t = c.word(VarKind.describe(needed) + " " + role);
        if (!Words.isIdentifier(t.text())) {
            throw c.error(t, "expected " + VarKind.describe(needed) + " " + role + ", found " + t.describe());
        }
        operands.add(new Operand.Use(t.text(), c.pos(t), needed, role));
        return t.text();
    }

    /**
     * An fd operand of BPF_LINK_CREATE's link info: a variable holding one of {@code needed}, or
     * {@code -1} (the fd -1, {@link Syscall.LinkCreate#BAD_FD}), which the kernel refuses with EBADF.
     */
    String useOrBadFd(Set<VarKind> needed, String role) {
        if (c.peekWord(Syscall.LinkCreate.BAD_FD)) {
            c.take();
            return Syscall.LinkCreate.BAD_FD;
        }
        return use(needed, role);
    }

    /** A tid or pid: a number, or {@code self} (the calling task's own process, {@link Syscall.LinkCreate#SELF}). */
    int taskNumber(String what) {
        if (c.peekWord("self")) {
            c.take();
            return Syscall.LinkCreate.SELF;
        }
        return number(what + " (or 'self')");
    }

    Token name(String what) {
        Token t = c.word(what);
        if (!Words.isIdentifier(t.text())) {
            throw c.error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    String path(String context) {
        Token t = c.word("an absolute path " + context);
        if (!t.text().startsWith("/")) {
            throw c.error(t, "expected an absolute path " + context + ", found relative path " + t.describe());
        }
        return t.text();
    }

    String cgroupName(String context) {
        Token t = c.word("a cgroup name " + context);
        if (t.text().startsWith("/")) {
            throw c.error(t, "expected a cgroup name relative to the cgroup root " + context + ", found "
                    + t.describe());
        }
        return t.text();
    }

    int number(String what) {
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

    /** A number at most {@code max}; {@code why} says where the limit comes from. */
    int number(String what, int max, String why) {
        Token t = c.word(what);
        if (!Words.isNumber(t.text())) {
            throw c.error(t, "expected " + what + ", found " + t.describe());
        }
        int v = Words.intValue(t.text()); // -1 when it does not even fit an int
        if (v < 0 || v > max) {
            throw c.error(t, "expected " + what + " of at most " + max + " (" + why + "), found " + t.describe());
        }
        return v;
    }

    /** Also read by the {@code objects} header, which has no statement around it. */
    static IterTarget target(TokenCursor c) {
        Token t = c.word("an iterator target");
        IterTarget target = IterTarget.byKernelName(t.text());
        if (target == null) {
            List<String> names = Arrays.stream(IterTarget.values()).map(IterTarget::kernelName).toList();
            throw c.error(t, "unknown iterator target '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        return target;
    }

    IdKind idKind(String context) {
        String w = oneOf(List.of("link", "prog", "map"), context);
        return switch (w) {
            case "link" -> IdKind.LINK;
            case "prog" -> IdKind.PROG;
            default -> IdKind.MAP;
        };
    }

    /** A literal id or {@code TASK.VAR}: the id of the object that task's variable was bound to. */
    Syscall.IdRef id(IdKind kind, String context) {
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
