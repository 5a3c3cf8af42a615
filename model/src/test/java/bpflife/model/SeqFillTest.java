package bpflife.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.ActorId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.SessionTemplate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The edges of bpf_seq_read()'s fill loop ({@link SeqFill}), each against the kernel's rule. */
@DisplayName("one read's fill loop")
class SeqFillTest {
    private static final int BUF = DumpFormat.SEQ_BUFFER;
    private static final long SESSION = 7;

    private static SeqSession.State session(IterTarget target, Attach attach, int pad, long seqNum, boolean ended,
                                            int prevVmEnd) {
        Info.ProgInfo prog = new Info.ProgInfo(3, "p", target, false, pad);
        SessionTemplate t = new SessionTemplate(new ActorId.LinkId("a", 1), target, attach,
                new ActorId.ProgId("a", 1), prog);
        return new SeqSession.State(new ActorId.SessionId("a", 1), t, SESSION, List.of(), -1, 0, seqNum, "", ended,
                SeqSession.Phase.VISITING, 0, null, null, 0, prog, List.of(), 0, 0, prevVmEnd, 0,
                SeqSession.Walk.UNSTARTED);
    }

    private static SeqSession.State map(int pad) {
        return session(IterTarget.BPF_MAP, Attach.NONE, pad, 0, false, 0);
    }

    private static String line(long seq, int object, int pad) {
        return DumpFormat.objectLine("p", SESSION, seq, IterTarget.BPF_MAP, object, pad);
    }

    private static SeqFill.Shown shown(SeqFill.Filled f) {
        return assertInstanceOf(SeqFill.Shown.class, f);
    }

    @Test
    @DisplayName("a walk shown whole ends with the END call's line, at the seq_num after the last object")
    void wholeWalkEnds() {
        SeqFill.Shown f = shown(SeqFill.fill(map(0), 0, 2, List.of(), 4096));
        assertEquals(line(0, 0, 0) + line(1, 1, 0) + DumpFormat.endLine("p", SESSION, 1), f.returned());
        assertEquals("", f.buffered());
        assertTrue(f.exhausted());
        assertTrue(f.ended());
        assertEquals(2, f.next());
    }

    @Test
    @DisplayName("a read stops once the count is reached; the next starts at the fetched object with its seq_num")
    void countStopsAtFetchedObject() {
        String first = line(0, 0, 0);
        SeqFill.Shown f = shown(SeqFill.fill(map(0), 0, 3, List.of(), first.length()));
        assertEquals(first, f.returned());
        assertTrue(f.stoppedAtObject());
        assertFalse(f.ended());
        assertEquals(1, f.next());
        assertEquals(1, f.seqNum()); // next() found object 1 and counted it before the count check
    }

    @Test
    @DisplayName("a line that would overflow the 32 KiB buffer is dropped and stops the read")
    void overflowingLineStopsTheRead() {
        int pad = 10_000; // three lines fit in 32 KiB, not four
        SeqFill.Shown f = shown(SeqFill.fill(map(pad), 0, 5, List.of(), Integer.MAX_VALUE));
        assertEquals(line(0, 0, pad) + line(1, 1, pad) + line(2, 2, pad), f.returned());
        assertEquals(3, f.next());
        assertEquals(3, f.seqNum());
        assertTrue(f.stoppedAtObject());
    }

    @Test
    @DisplayName("a first line over the buffer is E2BIG")
    void firstLineOverBufferIsE2big() {
        assertInstanceOf(SeqFill.TooBig.class, SeqFill.fill(map(BUF + 1), 0, 2, List.of(), 4096));
    }

    @Test
    @DisplayName("the buffer holds at most 32767 bytes: a line that would fill it to 32768 does not fit")
    void bufferHoldsOneByteLessThanItsSize() {
        // seq_write() takes bytes only while count + len < size (measured: 32768 bytes is E2BIG on 6.18)
        assertInstanceOf(SeqFill.TooBig.class, SeqFill.fill(map(BUF), 0, 2, List.of(), 65536));
        assertEquals(BUF - 1, shown(SeqFill.fill(map(BUF - 1), 0, 2, List.of(), 65536)).returned().length());
        int half = BUF / 2; // two halves would fill it: the second waits for the next read
        SeqFill.Shown f = shown(SeqFill.fill(map(half), 0, 2, List.of(), 65536));
        assertEquals(line(0, 0, half), f.returned());
        assertEquals(1, f.next());
    }

    @Test
    @DisplayName("an END line that does not fit is left for the next read, which calls it again")
    void endLineThatDoesNotFitWaits() {
        int pad = BUF - 10; // the object's line leaves 10 bytes, fewer than the END line
        SeqFill.Shown f = shown(SeqFill.fill(map(pad), 0, 1, List.of(), Integer.MAX_VALUE));
        assertEquals(line(0, 0, pad), f.returned());
        assertTrue(f.exhausted());
        assertFalse(f.ended());
        SeqSession.State after = session(IterTarget.BPF_MAP, Attach.NONE, pad, f.seqNum(), false, 0);
        SeqFill.Shown again = shown(SeqFill.fill(after, f.next(), 1, List.of(), Integer.MAX_VALUE));
        assertEquals(DumpFormat.endLine("p", SESSION, 0), again.returned());
        assertTrue(again.ended());
    }

    @Test
    @DisplayName("after the END call (done_stop) an exhausted walk calls no END again")
    void doneStopSilencesEnd() {
        SeqSession.State ended = session(IterTarget.BPF_MAP, Attach.NONE, 0, 5, true, 0);
        SeqFill.Shown f = shown(SeqFill.fill(ended, 0, 1, List.of(), 4096));
        assertEquals(line(5, 0, 0), f.returned());
        assertTrue(f.exhausted());
        assertTrue(f.ended());
        SeqFill.Shown none = shown(SeqFill.fill(ended, 1, 1, List.of(), 4096));
        assertEquals("", none.returned());
    }

    @Test
    @DisplayName("hidden positions show nothing and still take a seq_num")
    void hiddenTakeSeqNum() {
        SeqFill.Shown f = shown(SeqFill.fill(map(0), 0, 3, List.of(1), 4096));
        assertEquals(line(0, 0, 0) + line(2, 2, 0) + DumpFormat.endLine("p", SESSION, 2), f.returned());
    }

    @Test
    @DisplayName("a line over the buffer after only hidden positions is E2BIG, with the walk at that line's object")
    void overflowAfterHiddenIsE2big() {
        // bpf_seq_read(): the show after next() overflows with offs == 0 (measured on 6.18: seq-buffer-full.scn)
        SeqFill.TooBig t = assertInstanceOf(SeqFill.TooBig.class,
                SeqFill.fill(map(40_000), 0, 3, List.of(0), 65536));
        assertEquals(new SeqFill.TooBig(1, 1, false), t);
        assertTrue(t.moved(0));
        SeqFill.TooBig two = assertInstanceOf(SeqFill.TooBig.class,
                SeqFill.fill(map(40_000), 0, 4, List.of(0, 1), 65536));
        assertEquals(new SeqFill.TooBig(2, 2, false), two);
        SeqFill.TooBig first = assertInstanceOf(SeqFill.TooBig.class, SeqFill.fill(map(40_000), 0, 3, List.of(), 65536));
        assertEquals(new SeqFill.TooBig(0, 0, false), first);
        assertFalse(first.moved(0));
    }

    @Test
    @DisplayName("a line over the rest of the buffer after a shown object stops the read, hidden positions or not")
    void overflowAfterShownStops() {
        int pad = 20_000; // the second shown line does not fit beside the first
        SeqFill.Shown f = shown(SeqFill.fill(map(pad), 0, 4, List.of(1), 65536));
        assertEquals(line(0, 0, pad), f.returned());
        assertEquals(2, f.next());
        assertEquals(2, f.seqNum());
        assertTrue(f.stoppedAtObject());
    }

    @Test
    @DisplayName("bytes past the requested count stay buffered for the next read")
    void restIsBuffered() {
        String shownLines = line(0, 0, 0) + line(1, 1, 0);
        int count = line(0, 0, 0).length() + 5;
        SeqFill.Shown f = shown(SeqFill.fill(map(0), 0, 3, List.of(), count));
        assertEquals(shownLines.substring(0, count), f.returned());
        assertEquals(shownLines.substring(count), f.buffered());
        assertEquals(2, f.next()); // the count was reached with object 2 fetched: the next read shows it
    }

    @Test
    @DisplayName("D6's read after END whose first vma's line is over the buffer is E2BIG, as any walk's")
    void repeatReadOverBufferIsE2big() {
        Attach tid = new Attach(null, 0, null, null, 9, new ActorId.TaskId("x"));
        SeqSession.State s = session(IterTarget.TASK_VMA, tid, BUF + 1, 4, true, 2);
        Out out = new Out();
        VmaRepeat.read(s, 4096, new ActorId.TaskId("r"), 3, out);
        assertEquals(List.of(new Event.SessionReadFailed(Errno.E2BIG)), out.done().events());
    }
}
