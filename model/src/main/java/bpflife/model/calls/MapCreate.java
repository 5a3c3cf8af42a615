package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import java.util.List;

/** BPF_MAP_CREATE (kernel/bpf/syscall.c map_create()): the map is made, gets its id, then its fd. */
public final class MapCreate {
    private MapCreate() {}

    public sealed interface State extends Call {}

    /** bpf_map_alloc_id(): the call holds the new map's only reference until its fd exists. */
    public record AwaitingId(MapId map) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(map);
        }

        @Override
        public int awaiting() {
            return 1;
        }

        @Override
        public void ready(Step c, Msg.Ready m) {
            c.installNew(FileKind.MAP, map, null, c.call(Syscall.MapCreate.class).result(), m.id());
        }
    }

    static void enter(Step c, Syscall.MapCreate p) {
        MapId map = c.spawnId(MapId::new);
        c.spawn(map, new Event.MapCreated(map, p.type(), p.entries()));
        c.ask(ActorId.MAP_IDR, new Msg.IdAlloc(map, true, c.self()), new AwaitingId(map));
    }
}
