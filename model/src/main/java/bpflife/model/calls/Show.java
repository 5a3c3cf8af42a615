package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bpftool link show} / {@code prog show} does (bpftool src/link.c do_show()): from
 * id 0, GET_NEXT_ID, GET_FD_BY_ID, GET_INFO_BY_FD, close, until GET_NEXT_ID says ENOENT.
 * {@code listing} is what it has printed so far.
 */
public final class Show {
    private Show() {}

    public sealed interface State extends Call {
        @Override
        default int awaiting() {
            return 1;
        }
    }

    /** GET_NEXT_ID after {@code after}. */
    public record AwaitingNextId(int after, List<Info> listing) implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void nextIdIs(Step c, Msg.NextIdIs m) {
            c.ask(idr(c), new Msg.IdLookup(m.id(), c.self()), new AwaitingFd(m.id(), listing));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.finish(m.errno() == Errno.ENOENT ? Result.listing(listing) : Result.error(m.errno()));
        }
    }

    /** GET_FD_BY_ID of {@code id}. */
    public record AwaitingFd(int id, List<Info> listing) implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            c.ask(m.ref(), new Msg.QueryInfo(c.self()), new AwaitingInfo(m.ref(), id, listing));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            if (m.errno() == Errno.ENOENT) {
                // the object went between GET_NEXT_ID and GET_FD_BY_ID: bpftool skips it
                nextAfter(c, id, listing);
            } else {
                c.fail(m.errno());
            }
        }
    }

    /** GET_INFO_BY_FD on the fd's {@code object}, which the call holds. */
    public record AwaitingInfo(ActorId object, int id, List<Info> listing) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(object);
        }

        @Override
        public void informed(Step c, Msg.Informed m) {
            List<Info> more = new ArrayList<>(listing);
            more.add(m.info());
            c.ask(object, new Msg.Put(object, PutMode.DIRECT, c.self()), new ClosingFd(id, List.copyOf(more)));
        }
    }

    /** close() of the fd: the put is in flight. */
    public record ClosingFd(int id, List<Info> listing) implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void acked(Step c, Msg.Acked m) {
            nextAfter(c, id, listing);
        }
    }

    static void enter(Step c, Syscall.Show sh) {
        nextAfter(c, 0, List.of());
    }

    private static void nextAfter(Step c, int id, List<Info> listing) {
        c.ask(idr(c), new Msg.IdNext(id, c.self()), new AwaitingNextId(id, listing));
    }

    private static ActorId idr(Step c) {
        return c.call(Syscall.Show.class).kind().idr();
    }
}
