package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.SessionId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.FileMode;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.List;

/**
 * open(2) of a pinned iterator (kernel/bpf/inode.c bpf_iter_fops, kernel/bpf/bpf_iter.c
 * iter_open() and prepare_seq_file()): a named session. bpffs takes a reference on the inode and
 * asks the link for the session's prog reference, under link_mutex; init_seq_private() takes the
 * target's references; then the session, its file and its fd are made. BPF_ITER_CREATE
 * ({@link IterCreate}) goes the same way from prepare_seq_file(), with its link lookup held.
 */
public final class Open {
    private Open() {}

    /**
     * What prepare_seq_file() has so far: the references the call holds (sorted), the pin's inode
     * (open(2) only), BPF_ITER_CREATE's link lookup ({@code iterLink}, put once the session is
     * made: the session never holds it), and the session's template once the link has given it.
     */
    public record SeqOpen(List<ActorId> held, InodeId inode, LinkId iterLink, SessionTemplate template) {
        SeqOpen with(ActorId ref, SessionTemplate t) {
            return new SeqOpen(Step.sorted(Step.plus(held, ref)), inode, iterLink, t);
        }
    }

    public sealed interface State extends Call {
        SeqOpen open();

        @Override
        default List<ActorId> held() {
            return open().held();
        }

        @Override
        default int awaiting() {
            return 1;
        }
    }

    /** The inode's and the link's replies, {@code awaiting} of them still to come. */
    public record Assembling(SeqOpen open, int awaiting) implements State {
        @Override
        public void failed(Step c, Msg.Failed m) {
            c.cleanup(open.held(), m.errno());
        }

        /** open(2) of a bpffs directory: its file holds only the dentry. */
        @Override
        public void dirOpened(Step c, Msg.DirOpened m) {
            if (c.task().call() instanceof Syscall.Open o && o.mode().writable()) {
                c.cleanup(open.held(), Errno.EISDIR); // may_open(): a directory opened for writing
                return;
            }
            c.installNew(FileKind.DIR, ActorId.BPFFS, null, c.task().call().result(), 0);
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            if (m.ref() instanceof InodeId i) {
                got(c, new SeqOpen(Step.sorted(Step.plus(open.held(), i)), i, open.iterLink(), open.template()));
            } else if (m.ref() instanceof ProgId p && m.info() instanceof Info.ProgInfo pi) {
                // bug-prog-ref-outside-lock: the prog's reference, asked for after link_mutex was dropped
                got(c, open.with(p, open.template().withProg(p, pi)));
            } else {
                throw c.unexpected(this, m);
            }
        }

        @Override
        public void sessionLinkGranted(Step c, Msg.SessionLinkGranted m) {
            got(c, open.with(m.template().link(), m.template()));
        }

        @Override
        public void sessionProgGranted(Step c, Msg.SessionProgGranted m) {
            got(c, open.with(m.template().prog(), m.template()));
        }

        /** bug-prog-ref-outside-lock: link->prog read under link_mutex, its reference asked for after. */
        @Override
        public void progSnapshot(Step c, Msg.ProgSnapshot m) {
            c.send(m.template().prog(), new Msg.Get(c.self()));
            c.moveTo(new Assembling(new SeqOpen(open.held(), open.inode(), open.iterLink(), m.template()), awaiting));
        }

        private void got(Step c, SeqOpen now) {
            if (awaiting > 1) {
                c.moveTo(new Assembling(now, awaiting - 1));
            } else if (c.rules().linkPerSession()) {
                ownLink(c, now);
            } else {
                initSeqPrivate(c, now);
            }
        }
    }

    /** The RFC design's link of the session's own: its id is being allocated. */
    public record AwaitingOwnLinkId(SeqOpen open) implements State {
        @Override
        public void ready(Step c, Msg.Ready m) {
            c.ask(ActorId.LINK_IDR, new Msg.IdSettle(m.id(), c.self()), new SettlingOwnLink(open));
        }
    }

    /** The own link's id is being settled. */
    public record SettlingOwnLink(SeqOpen open) implements State {
        @Override
        public void ready(Step c, Msg.Ready m) {
            initSeqPrivate(c, open);
        }
    }

    /** init_seq_private(): the target object (map, cgroup) the session reads is being pinned. */
    public record AwaitingTargetRef(SeqOpen open) implements State {
        @Override
        public void granted(Step c, Msg.Granted m) {
            awaitSessionId(c, open.with(m.ref(), open.template()));
        }
    }

    /** The session's id (the meta's session_id). */
    public record AwaitingSessionId(SeqOpen open) implements State {
        @Override
        public void sessionIdIs(Step c, Msg.SessionIdIs m) {
            // the link's tid or pid as the opener's pid namespace reads it (init_seq_pidns)
            SessionTemplate t = bpflife.model.scenario.PidNamespaces.asSeenBy(c.scenario(), c.task().self().name(),
                    open.template());
            // what the session keeps: all the call holds but the pin's inode (the file's), the prog
            // (the session's own, in the template) and ITER_CREATE's link lookup (put below)
            List<ActorId> targetRefs = new ArrayList<>(open.held());
            targetRefs.remove(open.inode());
            targetRefs.remove(t.prog());
            targetRefs.remove(open.iterLink());
            SessionId session = c.spawnId(SessionId::new);
            c.spawn(session, new Event.SessionOpened(session, t, m.id(), List.copyOf(targetRefs), fixedObjects(c, t)));
            // open(2)'s access mode; ITER_CREATE's anon file is O_RDONLY
            FileMode mode = c.task().call() instanceof Syscall.Open o ? o.mode() : FileMode.RDONLY;
            FileId file = c.newFile(FileKind.SESSION, session, open.inode(), mode);
            int fd = c.install(c.task().call().result(), file, session, 0);
            LinkId link = open.iterLink();
            if (link == null) {
                c.finish(Result.fd(fd, session));
            } else {
                // BPF_ITER_CREATE puts the link reference it took: the session never holds the link
                c.ask(link, new Msg.Put(link, PutMode.DIRECT, c.self()), new CleaningUp(Result.fd(fd, session), 1));
            }
        }
    }

    static void enter(Step c, Syscall.Open o) {
        c.ask(ActorId.BPFFS, new Msg.Lookup(o.path(), Msg.LookupFor.OPEN, c.self()),
                new Assembling(new SeqOpen(List.of(), null, null, null), 2));
    }

    /** The RFC design: the session's prog reference goes into a link of its own, with an id. */
    private static void ownLink(Step c, SeqOpen so) {
        SessionTemplate t = so.template();
        LinkId own = c.spawnId(LinkId::new);
        c.spawn(own, new Event.LinkPrimed(own, t.prog(), t.progInfo(), t.target(),
                new Attach(null, 0, null, null, t.attach().tid(), t.attach().task(), t.attach().pid(),
                        t.attach().own())));
        List<ActorId> held = new ArrayList<>(so.held());
        held.remove(t.prog());
        held.add(own);
        SessionTemplate ownT = new SessionTemplate(own, t.target(), t.attach(), null, null);
        c.ask(ActorId.LINK_IDR, new Msg.IdAlloc(own, false, c.self()),
                new AwaitingOwnLinkId(new SeqOpen(Step.sorted(held), so.inode(), so.iterLink(), ownT)));
    }

    /** init_seq_private: the targets that read objects during read() pin them now; then the session id. */
    private static void initSeqPrivate(Step c, SeqOpen so) {
        SessionTemplate t = so.template();
        ActorId targetObject = null;
        if (t.target() == IterTarget.BPF_MAP_ELEM && c.rules().sessionHoldsMap()) {
            targetObject = t.attach().map();
        } else if (t.target() == IterTarget.CGROUP && c.rules().sessionHoldsCgroup() && t.attach().cgroup() != null) {
            // (the root cgroup's css, pinned for a walk from the root, is never freed: not modelled)
            targetObject = t.attach().cgroup();
        }
        if (targetObject != null) {
            c.ask(targetObject, new Msg.Get(c.self()), new AwaitingTargetRef(so));
        } else {
            awaitSessionId(c, so);
        }
    }

    private static void awaitSessionId(Step c, SeqOpen so) {
        c.ask(ActorId.SESSION_COUNTER, new Msg.NextSessionId(c.self()), new AwaitingSessionId(so));
    }

    /** What a fixed-list target shows; -1 for targets visited per read. */
    private static int fixedObjects(Step c, SessionTemplate t) {
        return switch (t.target()) {
            // the scenario's tasks have no thread ids: a tid names no task of the model's world, and
            // task_seq_get_next() finds nothing for it, so only the END call runs (measured on 6.18:
            // scenarios/task-tid-no-task.scn). A tid or pid of the task's own process ("self") shows
            // that process: its one thread (task), or its files (task_file, the target's N objects;
            // the kernel check compares those as "some").
            // a named task is found while it has not exited (its mm stands for that: the model has
            // no task_struct of its own); its files are walked in its files table at each read
            // (docs/ITERATION-REFS.md)
            case TASK -> t.attach().task() != null ? -1
                    : t.attach().own() ? 1 : t.attach().filtered() ? 0 : c.scenario().objectCount(t.target());
            case TASK_FILE -> t.attach().task() != null ? -1
                    : t.attach().filtered() && !t.attach().own() ? 0 : c.scenario().objectCount(t.target());
            // a named task's vmas are walked in its mm at each read (task_vma_seq_get_next())
            case TASK_VMA -> t.attach().task() != null ? -1
                    : t.attach().filtered() && !t.attach().own() ? 0 : c.scenario().objectCount(t.target());
            case BPF_MAP -> c.scenario().objectCount(t.target());
            case BPF_MAP_ELEM, CGROUP -> -1;
        };
    }
}
