package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.ArrayList;
import java.util.List;

/**
 * BPF_LINK_UPDATE (kernel/bpf/syscall.c link_update()): the link, the new prog and, with
 * BPF_F_REPLACE, the expected old prog are looked up; under link_mutex the link takes the new
 * prog's reference and puts the prog it ran (bpf_iter_link_replace()); then the call puts its own
 * lookups, the link's and the old prog's. On an error it puts what it holds, the new prog too.
 */
public final class LinkUpdate {
    private LinkUpdate() {}

    public sealed interface State extends Lookups {}

    /** bpf_link_get_from_fd(attr->link_update.link_fd). */
    public record AwaitingLink() implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof LinkId link)) {
                throw c.unexpected(this, m);
            }
            FileId newProg = c.file(call(c).newProg());
            if (newProg == null) {
                c.cleanup(List.of(link), Errno.EBADF);
                return;
            }
            c.ask(newProg, new Msg.Probe(Want.PROG, c.self()), new AwaitingNewProg(link));
        }
    }

    /** bpf_prog_get(attr->link_update.new_prog_fd), with the link held. */
    public record AwaitingNewProg(LinkId link) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(link);
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof ProgId newProg) || !(m.info() instanceof Info.ProgInfo info)) {
                throw c.unexpected(this, m);
            }
            String oldVar = call(c).oldProg();
            if (oldVar == null) {
                update(c, link, newProg, info, null);
                return;
            }
            FileId old = c.file(oldVar);
            if (old == null) {
                c.cleanup(List.of(link, newProg), Errno.EBADF);
                return;
            }
            c.ask(old, new Msg.Probe(Want.PROG, c.self()), new AwaitingOldProg(link, newProg, info));
        }
    }

    /** BPF_F_REPLACE: bpf_prog_get(attr->link_update.old_prog_fd), with the link and the new prog held. */
    public record AwaitingOldProg(LinkId link, ProgId newProg, Info.ProgInfo newInfo) implements State {
        @Override
        public List<ActorId> held() {
            return Step.sorted(List.of(link, newProg));
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof ProgId oldProg)) {
                throw c.unexpected(this, m);
            }
            update(c, link, newProg, newInfo, oldProg);
        }
    }

    /**
     * The update is at the link, carrying the new prog's reference; the call still holds its link
     * lookup and the expected old prog ({@code oldProg}, null without BPF_F_REPLACE).
     */
    public record Updating(LinkId link, ProgId oldProg) implements State {
        @Override
        public List<ActorId> held() {
            List<ActorId> h = new ArrayList<>(List.of(link));
            if (oldProg != null) {
                h.add(oldProg);
            }
            return Step.sorted(h);
        }

        /** The link ran the new prog and put the one it replaced: now the call's own lookups. */
        @Override
        public void acked(Step c, Msg.Acked m) {
            c.cleanup(held(), Result.ok(0));
        }

        /** EPERM (old prog not the expected one) or EINVAL: the new prog's reference comes back. */
        @Override
        public void refused(Step c, Msg.Refused m) {
            c.cleanup(Step.plus(held(), m.ref()), m.errno());
        }
    }

    static void enter(Step c, Syscall.LinkUpdate u) {
        c.probe(u.link(), Want.LINK, Errno.EBADF, new AwaitingLink());
    }

    private static void update(Step c, LinkId link, ProgId newProg, Info.ProgInfo info, ProgId oldProg) {
        c.ask(link, new Msg.Update(newProg, info, oldProg, c.self()), new Updating(link, oldProg));
    }

    private static Syscall.LinkUpdate call(Step c) {
        return c.call(Syscall.LinkUpdate.class);
    }
}
