package bpflife.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bpflife.protocol.ActorId;
import bpflife.protocol.Attach;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.StepRecord.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reads of one session, each to its exact result, at the edges of kernel/bpf/bpf_iter.c
 * bpf_seq_read() and kernel/bpf/cgroup_iter.c: E2BIG after hidden positions moves the walk, and a
 * cgroup walk is complete only once cgroup_iter_seq_stop(seq, NULL) set visited_all.
 */
@DisplayName("a session's reads at the seq_read edges")
class SeqSessionReadsTest {
    private static final Env ENV = new Env(null, Semantics.LINUX);
    private static final ActorId READER = new ActorId.TaskId("r");
    private static final ActorId.SessionId SELF = new ActorId.SessionId("a", 1);
    private static final long SESSION = 7;
    private static final int BUF = DumpFormat.SEQ_BUFFER;

    /** A session and what its last read journaled and answered. */
    private record After(SeqSession.State state, List<Event> events, Msg answer) {}

    private static SeqSession.State opened(IterTarget target, Attach attach, int pad, int fixedObjects) {
        Info.ProgInfo prog = new Info.ProgInfo(3, "p", target, false, pad);
        SessionTemplate t = new SessionTemplate(new ActorId.LinkId("a", 1), target, attach,
                new ActorId.ProgId("a", 1), prog);
        return SeqSession.born(new Event.SessionOpened(SELF, t, SESSION, List.of(), fixedObjects));
    }

    private static SeqSession.State cgroup(int pad) {
        Attach up = new Attach(null, 0, new ActorId.CgroupId("top"), CgroupOrder.ANCESTORS_UP, 0);
        return opened(IterTarget.CGROUP, up, pad, -1);
    }

    /** One message to the session: its events applied in turn, and the answer to the reader (if any). */
    private static After deliver(SeqSession.State s, Msg.ToSession m) {
        Out out = new Out();
        SeqSession.step(ENV, s, m, out);
        var d = out.done();
        SeqSession.State now = s;
        for (Event e : d.events()) {
            now = SeqSession.apply(now, (Event.SessionEvent) e);
        }
        Msg answer = null;
        for (Envelope env : d.sent()) {
            if (env.to().equals(READER)) {
                answer = env.msg();
            }
        }
        return new After(now, d.events(), answer);
    }

    /** A read of {@code count} bytes; a walking read gets {@code walk} from its target. */
    private static After read(SeqSession.State s, int count, Msg.Visited walk) {
        After asked = deliver(s, new Msg.ReadSession(count, READER));
        if (asked.answer() != null) {
            return asked;
        }
        assertEquals(List.of(new Event.SessionVisiting(count, READER)), asked.events());
        After done = deliver(asked.state(), walk);
        List<Event> all = new ArrayList<>(asked.events());
        all.addAll(done.events());
        return new After(done.state(), all, done.answer());
    }

    private static String line(long seq, int object, int pad) {
        return DumpFormat.objectLine("p", SESSION, seq, IterTarget.CGROUP, object, pad);
    }

    private static String end(long seq) {
        return DumpFormat.endLine("p", SESSION, seq);
    }

    @Test
    @DisplayName("a line over the buffer after a hidden cgroup is E2BIG and moves the walk; the next read is EOPNOTSUPP")
    void e2bigAfterHiddenMovesTheWalk() {
        // seq-buffer-full.scn: a walk up from a removed cgroup (hidden) to top and the root, 40000-byte lines
        Msg.Visited walk = new Msg.Visited(3, List.of(0));
        After first = read(cgroup(40_000), 65536, walk);
        assertEquals(new Msg.Failed(Errno.E2BIG), first.answer());
        assertEquals(List.of(new Event.SessionVisiting(65536, READER), new Event.SessionReadOverflowed(1, 1, 1)),
                first.events());
        assertEquals(1, first.state().next());
        assertEquals(1, first.state().seqNum());
        assertEquals(1, first.state().hiddenPassed());
        assertEquals(0, first.state().shown());
        assertEquals(SeqSession.Walk.STARTED, first.state().walk());
        After second = read(first.state(), 65536, walk);
        assertEquals(new Msg.Failed(Errno.EOPNOTSUPP), second.answer());
        assertEquals(new Event.SessionReadFailed(Errno.EOPNOTSUPP), second.events().getLast());
    }

    @Test
    @DisplayName("a cgroup walk's first line over the buffer is E2BIG; start() moved *pos, so the next read is EOPNOTSUPP")
    void firstLineE2bigStartsACgroupWalk() {
        Msg.Visited walk = new Msg.Visited(2);
        After first = read(cgroup(40_000), 65536, walk);
        assertEquals(new Msg.Failed(Errno.E2BIG), first.answer());
        assertEquals(new Event.SessionReadOverflowed(0, 0, 0), first.events().getLast());
        assertEquals(SeqSession.Walk.STARTED, first.state().walk());
        After second = read(first.state(), 65536, walk);
        assertEquals(new Msg.Failed(Errno.EOPNOTSUPP), second.answer());
    }

    @Test
    @DisplayName("another target's first line over the buffer is E2BIG on every read, the session unmoved")
    void firstLineE2bigOfAMapRepeats() {
        SeqSession.State s = opened(IterTarget.BPF_MAP, Attach.NONE, 40_000, 2);
        for (int i = 0; i < 2; i++) {
            After r = read(s, 65536, null);
            assertEquals(new Msg.Failed(Errno.E2BIG), r.answer());
            assertEquals(List.of(new Event.SessionReadFailed(Errno.E2BIG)), r.events());
            assertEquals(s, r.state());
        }
    }

    @Test
    @DisplayName("a cgroup walk stopped by the count is not complete: once the hierarchy shrank, the next walk is still EOPNOTSUPP")
    void countStopIsNotVisitedAll() {
        String first = line(0, 0, 0);
        After r1 = read(cgroup(0), 10, new Msg.Visited(2));
        assertEquals(new Msg.ReadReturned(first.substring(0, 10)), r1.answer());
        assertEquals(new Event.SessionRead(first.substring(0, 10), 1, 1, first.substring(10), false, 2, 0, null,
                false), r1.events().getLast());
        assertEquals(SeqSession.Walk.STARTED, r1.state().walk());
        After r2 = read(r1.state(), 4096, null); // the seq buffer's rest, no walk
        assertEquals(new Msg.ReadReturned(first.substring(10)), r2.answer());
        assertEquals(SeqSession.Walk.STARTED, r2.state().walk());
        // the second cgroup was removed and released: the walk has one object, the session's next is past it
        After r3 = read(r2.state(), 4096, new Msg.Visited(1));
        assertEquals(new Msg.Failed(Errno.EOPNOTSUPP), r3.answer());
    }

    @Test
    @DisplayName("a cgroup walk that ran off its end with its END line left out calls END alone next, whatever was added")
    void visitedAllCallsOnlyEnd() {
        int pad = BUF - 10; // the object's line leaves 10 bytes, fewer than the END line
        After r1 = read(cgroup(pad), 65536, new Msg.Visited(1));
        assertEquals(new Msg.ReadReturned(line(0, 0, pad)), r1.answer());
        assertEquals(new Event.SessionRead(line(0, 0, pad), 1, 0, "", false, 1, 0, null, true),
                r1.events().getLast());
        assertEquals(SeqSession.Walk.VISITED_ALL, r1.state().walk());
        // a cgroup made since: start() returns NULL all the same (visited_all), so only the END call
        After r2 = read(r1.state(), 65536, new Msg.Visited(2));
        assertEquals(new Msg.ReadReturned(end(0)), r2.answer());
        assertEquals(new Event.SessionRead(end(0), 1, 0, "", true, 1, 0, null, true), r2.events().getLast());
        After r3 = read(r2.state(), 65536, null);
        assertEquals(new Msg.ReadReturned(""), r3.answer());
    }

    @Test
    @DisplayName("a cgroup walk read whole in one read ends, then reads end of file")
    void wholeWalkEnds() {
        After r1 = read(cgroup(0), 65536, new Msg.Visited(3, List.of(1)));
        String all = line(0, 0, 0) + line(2, 2, 0) + end(2);
        assertEquals(new Msg.ReadReturned(all), r1.answer());
        assertEquals(new Event.SessionRead(all, 3, 2, "", true, 2, 1, null, true), r1.events().getLast());
        assertEquals(SeqSession.Walk.VISITED_ALL, r1.state().walk());
        assertEquals(new Msg.ReadReturned(""), read(r1.state(), 65536, null).answer());
    }
}
