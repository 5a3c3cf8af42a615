package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every link create parameter reaches the driver's command, or the statement is not run. */
class LinkParamsTest {
    private static final Map<String, Integer> FDS = Map.of("p", 3, "m", 4, "c", 5);

    private static String command(Syscall.LinkCreate lc) {
        return LinkParams.command(lc, v -> FDS.getOrDefault(v, -1), n -> Path.of("/cg/run").resolve(n));
    }

    @Test
    @DisplayName("tid, pid and pid_fd self, cgroup_id, order and the fd -1 are all passed")
    void everyParameterIsPassed() {
        assertEquals("linkcreate 3 none none 0 self pid=self pidfd=self",
                command(new Syscall.LinkCreate("l", "p", null, null, null, Syscall.LinkCreate.SELF, null, null,
                        Syscall.LinkCreate.SELF, Syscall.LinkCreate.SELF_PIDFD, null)));
        assertEquals("linkcreate 3 -1 -1 2 0 pid=999999 pidfd=-1 cgid=@/cg/run/a/b",
                command(new Syscall.LinkCreate("l", "p", "-1", "-1", CgroupOrder.DESCENDANTS_PRE, 0, null, null, 999999,
                        "-1", "a/b")));
        assertEquals("linkcreate 3 4 5 4 7 pidfd=3",
                command(new Syscall.LinkCreate("l", "p", "m", "c", CgroupOrder.ANCESTORS_UP, 7, null, null, 0, "p", null)));
    }

    @Test
    @DisplayName("pid or pid_fd on a cgroup or bpf_map_elem link, or a prog of unknown target, is not run, with the reason")
    void aliasedWordsAreNotRun() {
        Syscall.LinkCreate pid = new Syscall.LinkCreate("l", "p", null, null, null, 0, null, null, 5, null, null);
        assertNull(LinkParams.unsupported(pid, IterTarget.TASK));
        assertNull(LinkParams.unsupported(pid, IterTarget.TASK_VMA)); // a task target: pid is task.pid there
        assertNull(LinkParams.unsupported(pid, IterTarget.BPF_MAP));
        assertNotNull(LinkParams.unsupported(pid, IterTarget.CGROUP));
        assertNotNull(LinkParams.unsupported(pid, IterTarget.BPF_MAP_ELEM));
        assertNotNull(LinkParams.unsupported(pid, null));
        assertNull(LinkParams.unsupported(new Syscall.LinkCreate("l", "p", null, null, null, 0, null), null));
    }
}
