package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.List;

/**
 * BPF_PROG_LOAD (kernel/bpf/syscall.c bpf_prog_load()): the verifier takes a reference on each
 * map the instructions load by fd (resolve_pseudo_ldimm64(): __bpf_map_get(), EBADF for an fd
 * that is not open, EINVAL for one that is not a map; the prog keeps it in used_maps), then the
 * prog is made, gets its id, then its fd.
 */
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

    /** The used map's fd was looked up: its reference comes with the grant and goes to the new prog. */
    public record AwaitingMap() implements State, OneReply {
        @Override
        public void granted(Step c, Msg.Granted g) {
            load(c, c.call(Syscall.ProgLoad.class), List.of((MapId) g.ref()));
        }

        @Override
        public void failed(Step c, Msg.Failed f) {
            c.fail(f.errno());
        }
    }

    static void enter(Step c, Syscall.ProgLoad p) {
        if (p.map() != null) {
            c.probe(p.map(), Want.MAP, Errno.EBADF, new AwaitingMap());
            return;
        }
        load(c, p, List.of());
    }

    private static void load(Step c, Syscall.ProgLoad p, List<MapId> maps) {
        ProgId prog = c.spawnId(ProgId::new);
        c.spawn(prog, new Event.ProgLoaded(prog, p.name(), p.target(), p.pad(), p.sleepable(), p.ret(), maps));
        c.ask(ActorId.PROG_IDR, new Msg.IdAlloc(prog, true, c.self()), new AwaitingId(prog));
    }
}
