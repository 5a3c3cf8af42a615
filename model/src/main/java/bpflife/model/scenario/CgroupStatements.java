package bpflife.model.scenario;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Syscall;
import java.util.Arrays;
import java.util.List;

/** The cgroup calls of a statement line ({@code V = cgroup open}, {@code cgroup mkdir|rmdir}) and the walk order. */
final class CgroupStatements {

    private CgroupStatements() {
    }

    static Syscall open(OperandReader r, String result) {
        r.cursor().keyword("open", "after 'cgroup' (cgroup mkdir and rmdir bind nothing)");
        return new Syscall.CgroupOpen(result, r.cgroupName("after 'cgroup open'"));
    }

    static Syscall mkdirOrRmdir(OperandReader r) {
        String op = r.oneOf(List.of("mkdir", "rmdir"), "after 'cgroup' (or 'V = cgroup open NAME')");
        String name = r.cgroupName("after 'cgroup " + op + "'");
        return op.equals("mkdir") ? new Syscall.CgroupMkdir(name) : new Syscall.CgroupRmdir(name);
    }

    /** The {@code order} option of {@code link create ... cgroup}. */
    static CgroupOrder order(OperandReader r) {
        TokenCursor c = r.cursor();
        Token t = c.word("a cgroup walk order after 'order'");
        CgroupOrder order = CgroupOrder.byText(t.text());
        if (order == null) {
            List<String> names = Arrays.stream(CgroupOrder.values()).map(CgroupOrder::text).toList();
            throw c.error(t, "unknown cgroup order '" + t.text() + "' (expected one of " + String.join(", ", names) + ")");
        }
        return order;
    }
}
