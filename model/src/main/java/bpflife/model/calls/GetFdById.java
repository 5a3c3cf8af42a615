package bpflife.model.calls;

import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;

/**
 * BPF_{PROG,LINK,MAP}_GET_FD_BY_ID (kernel/bpf/syscall.c bpf_link_get_fd_by_id()): the IDR
 * lookup takes a reference if the object is still alive, then a new fd holds it.
 */
public final class GetFdById {
    private GetFdById() {}

    public sealed interface State extends Call {}

    /** idr_find() and *_inc_not_zero() under the IDR lock. */
    public record LookingUp() implements State, InstallsGranted {}

    static void enter(Step c, Syscall.GetFdById g) {
        c.ask(g.kind().idr(), new Msg.IdLookup(c.resolve(g.id()), c.self()), new LookingUp());
    }
}
