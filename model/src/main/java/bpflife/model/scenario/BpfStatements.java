package bpflife.model.scenario;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IdKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.MapType;
import bpflife.protocol.Syscall;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bpf(2) commands of a statement line, read after their first word(s): prog load, map create,
 * link create/update/detach, iter create, get fd by id, get next id, and the listings
 * ({@code link show}, {@code prog show}).
 */
final class BpfStatements {

    private BpfStatements() {
    }

    static Syscall progLoad(OperandReader r, String result) {
        TokenCursor c = r.cursor();
        Token name = c.word("a program name after 'prog load'");
        if (!Words.isIdentifier(name.text())) {
            throw c.error(name, "expected a program name ([A-Za-z_][A-Za-z0-9_]*) after 'prog load', found "
                    + name.describe());
        }
        c.keyword("target", "after 'prog load " + name.text() + "'");
        IterTarget target = OperandReader.target(c);
        int pad = 0;
        boolean sleepable = false;
        int ret = 0;
        String map = null;
        Set<String> seen = new HashSet<>();
        while (!r.atStatementEnd()) {
            Token opt = r.option(List.of("pad", "sleepable", "ret", "map"), "after 'prog load'", seen);
            switch (opt.text()) {
                case "pad" -> pad = r.number("a line width after 'pad'", Limits.MAX_PAD,
                        "twice the 32 KiB seq_file buffer; a line over 32 KiB already fails the read with E2BIG");
                case "sleepable" -> sleepable = true;
                // the verifier takes only 0 and 1 from an iterator program
                case "ret" -> ret = Integer.parseInt(r.oneOf(List.of("0", "1"), "after 'ret'"));
                // a map the program's instructions use (by fd, as libbpf's bpf_map__reuse_fd):
                // the loaded prog holds it until it is freed (docs/SCENARIO-LANGUAGE.md)
                case "map" -> map = r.use(EnumSet.of(VarKind.MAP), "after 'map' in 'prog load'");
                default -> throw new IllegalStateException(opt.text());
            }
        }
        return new Syscall.ProgLoad(result, name.text(), target, pad, sleepable, ret, map);
    }

    static Syscall mapCreate(OperandReader r, String result) {
        TokenCursor c = r.cursor();
        Token t = c.word("a map type after 'map create'");
        MapType type = MapType.byKernelName(t.text());
        if (type == null) {
            List<String> names = Arrays.stream(MapType.values()).map(MapType::kernelName).toList();
            throw c.error(t, "unknown map type '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        c.keyword("entries", "after 'map create " + t.text() + "'");
        return new Syscall.MapCreate(result, type, r.number("a number of entries after 'entries'", Limits.MAX_ENTRIES,
                "the limit the model holds"));
    }

    static Syscall linkCreate(OperandReader r, String result) {
        String prog = r.use(EnumSet.of(VarKind.PROG), "after 'link create'");
        String map = null;
        String cgroup = null;
        CgroupOrder order = null;
        int tid = 0;
        String tidTask = null;
        int pid = 0;
        String pidFd = null;
        String cgroupId = null;
        Syscall.PrimeFault fault = null;
        Set<String> seen = new HashSet<>();
        while (!r.atStatementEnd()) {
            Token opt = r.option(List.of("map", "cgroup", "cgroup_id", "order", "tid", "pid", "pid_fd", "fault"),
                    "after 'link create " + prog + "'", seen);
            switch (opt.text()) {
                case "map" -> map = r.useOrBadFd(EnumSet.of(VarKind.MAP), "after 'map' in 'link create'");
                case "cgroup" -> cgroup = r.useOrBadFd(EnumSet.of(VarKind.CGROUP), "after 'cgroup' in 'link create'");
                case "cgroup_id" -> cgroupId = r.cgroupName("after 'cgroup_id' (the id of that cgroup)");
                case "order" -> order = CgroupStatements.order(r);
                // tid self: the calling task's own process; tid NAME: the thread id of the scenario
                // task NAME (docs/ITERATION-REFS.md); else a number
                case "tid" -> {
                    Token t = r.cursor().peek();
                    if (t != null && t.kind() == Token.Kind.WORD && !Words.isNumber(t.text()) && !t.text().equals("self")) {
                        tidTask = r.name("a thread id, 'self' or a task name after 'tid'").text();
                    } else {
                        tid = r.taskNumber("a thread id or a task name after 'tid'");
                    }
                }
                case "pid" -> pid = r.taskNumber("a process id after 'pid'");
                case "pid_fd" -> pidFd = r.cursor().peekWord(Syscall.LinkCreate.SELF_PIDFD)
                        ? r.cursor().take().text()
                        : r.useOrBadFd(EnumSet.allOf(VarKind.class), "after 'pid_fd' (or 'self')");
                case "fault" -> fault = Syscall.PrimeFault.valueOf(
                        r.oneOf(List.of("idr", "file"), "after 'fault'").toUpperCase(Locale.ROOT));
                default -> throw new IllegalStateException(opt.text());
            }
        }
        return new Syscall.LinkCreate(result, prog, map, cgroup, order, tid, fault, tidTask, pid, pidFd, cgroupId);
    }

    static Syscall iterCreate(OperandReader r, String result) {
        r.cursor().keyword("create", "after 'iter'");
        String link = r.use(EnumSet.of(VarKind.LINK), "after 'iter create'");
        int flags = 0;
        if (r.cursor().peekWord("flags")) {
            r.cursor().take();
            flags = r.number("attr->iter_create.flags after 'flags'");
        }
        return new Syscall.IterCreate(result, link, flags);
    }

    static Syscall getById(OperandReader r, String result, IdKind kind) {
        r.cursor().keyword("id", "after '" + kind.word() + " get'");
        return new Syscall.GetFdById(result, kind, r.id(kind, "after '" + kind.word() + " get id'"));
    }

    static Syscall update(OperandReader r) {
        TokenCursor c = r.cursor();
        String link = r.use(EnumSet.of(VarKind.LINK), "after 'update'");
        String prog = r.use(EnumSet.of(VarKind.PROG), "as the new prog of 'update " + link + "'");
        String old = null;
        if (c.peekWord("replace")) {
            c.take();
            old = r.use(EnumSet.of(VarKind.PROG), "after 'replace'");
        }
        return new Syscall.LinkUpdate(link, prog, old);
    }

    static Syscall detach(OperandReader r) {
        return new Syscall.LinkDetach(r.use(EnumSet.of(VarKind.LINK), "after 'detach'"));
    }

    static Syscall nextId(OperandReader r) {
        TokenCursor c = r.cursor();
        c.keyword("id", "after 'next'");
        IdKind kind = r.idKind("after 'next id'");
        Syscall.IdRef after = Syscall.IdRef.of(0); // GET_NEXT_ID from 0 starts at the first id
        if (c.peekWord("after")) {
            c.take();
            after = r.id(kind, "after 'after'");
        }
        return new Syscall.GetNextId(kind, after);
    }

    /** {@code link show} or {@code prog show}; {@code kw} is the first word, already taken. */
    static Syscall show(OperandReader r, Token kw) {
        TokenCursor c = r.cursor();
        IdKind kind = kw.text().equals("link") ? IdKind.LINK : IdKind.PROG;
        if (c.peekWord("create") || c.peekWord("get") || c.peekWord("load")) {
            throw c.error(c.peek(), "expected 'show' after '" + kw.text() + "', found '" + c.peek().text()
                    + "', which returns an fd: write 'V = " + kw.text() + " " + c.peek().text() + " ...'");
        }
        c.keyword("show", "after '" + kw.text() + "'");
        return new Syscall.Show(kind);
    }
}
