package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import java.util.List;

/** BPF_PROG_LOAD (kernel/bpf/syscall.c bpf_prog_load()): the prog is made, gets its id, then its fd. */
public final class ProgLoad {
    private ProgLoad() {}

    public sealed interface State extends Call {}

    /** bpf_prog_alloc_id(): the call holds the new prog's only reference until its fd exists. */
    public record AwaitingId(ProgId prog) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(prog);
        }

        @Override
        public int awaiting() {
            return 1;
        }

        @Override
        public void ready(Step c, Msg.Ready m) {
            c.installNew(FileKind.PROG, prog, null, c.call(Syscall.ProgLoad.class).result(), m.id());
        }
    }

    static void enter(Step c, Syscall.ProgLoad p) {
        ProgId prog = c.spawnId(ProgId::new);
        c.spawn(prog, new Event.ProgLoaded(prog, p.name(), p.target(), p.pad(), p.sleepable(), p.ret()));
        c.ask(ActorId.PROG_IDR, new Msg.IdAlloc(prog, true, c.self()), new AwaitingId(prog));
    }
}
