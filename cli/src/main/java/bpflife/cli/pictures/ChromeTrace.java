package bpflife.cli.pictures;

import bpflife.explore.Format;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * A run as a Chrome trace-event JSON document (the "JSON Object Format" that ui.perfetto.dev and
 * chrome://tracing open): one track (thread) per object, named by its key; every delivery a
 * complete slice ({@code "ph":"X"}) on its receiver's track (a step is one atomic section of the
 * kernel: the object's lock held for it); every system call a slice on its task's track from the
 * step that entered it to the step that returned, enclosing that task's steps; every message a
 * flow ({@code "s"} on the sending step's slice, {@code "f"} bound to the receiving one); every
 * refcount a counter track ({@code "ph":"C"}).
 *
 * <p>Time: a deterministic run has no clock, so its step numbers are the time: step N runs from
 * N µs to N+1 µs (Perfetto's "1 µs" reads "one step"). A stored world (a live run, a load run)
 * has its rows' write times (History.clock: the journal's write_timestamp), passed as
 * {@code micros} (step position to µs since the first step, strictly increasing); a step then
 * lasts until the next step of the run starts (at least 1 µs).
 *
 * <p>Assumptions and guarantees: pure; events are written in journal order; slices on a track are
 * strictly nested, never tied: a step's slice is its time span less 5% at each end, a call's slice
 * is the whole span from its entering step's start to its returning step's end, so Perfetto never
 * has to guess which of two slices starting together is the parent; every flow starts inside its
 * sending step's slice and ends inside its receiving step's.
 */
public final class ChromeTrace {
    private ChromeTrace() {}

    /** One process for the whole world. */
    static final int PID = 1;

    /** The trace with step numbers as time. */
    public static String json(RunView view, String title) {
        return json(view, title, null);
    }

    /** The trace; {@code micros} (or null: step numbers) gives each step's time. */
    public static String json(RunView view, String title, LongUnaryOperator micros) {
        Clock ts = new Clock(view, micros);
        return Page.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("traceEvents");
            meta(g, "process_name", 0, "name", "bpflife " + title);
            for (int i = 0; i < view.objects().size(); i++) {
                meta(g, "thread_name", tid(i), "name", view.objects().get(i).key());
                g.writeStartObject();
                g.writeStringField("name", "thread_sort_index");
                g.writeStringField("ph", "M");
                g.writeNumberField("pid", PID);
                g.writeNumberField("tid", tid(i));
                g.writeObjectFieldStart("args");
                g.writeNumberField("sort_index", i);
                g.writeEndObject();
                g.writeEndObject();
            }
            Map<Integer, long[]> openCall = new HashMap<>(); // task -> [entering position, pc]
            Map<Integer, String> callName = new HashMap<>();
            for (RunView.Step s : view.steps()) {
                StepRecord r = s.record();
                double start = ts.start(r.position());
                double dur = ts.length(r.position());
                for (Event e : r.events()) {
                    if (e instanceof Event.SyscallEntered en) {
                        openCall.put(s.receiver(), new long[] {r.position(), en.pc()});
                        callName.put(s.receiver(), en.call().getClass().getSimpleName());
                    }
                }
                // the step itself
                g.writeStartObject();
                g.writeStringField("name", Labels.message(r.message()));
                g.writeStringField("cat", "step");
                g.writeStringField("ph", "X");
                g.writeNumberField("pid", PID);
                g.writeNumberField("tid", tid(s.receiver()));
                g.writeNumberField("ts", start + dur * INSET);
                g.writeNumberField("dur", dur * (1 - 2 * INSET));
                g.writeObjectFieldStart("args");
                g.writeNumberField("step", r.position());
                g.writeStringField("from", r.sender().key());
                g.writeStringField("record", Format.step(r));
                String notes = Labels.events(r);
                if (!notes.isEmpty()) {
                    g.writeStringField("changes", notes);
                }
                RunView.Source src = view.source(s);
                if (src != null) {
                    g.writeStringField("scenario", src.label());
                }
                g.writeEndObject();
                g.writeEndObject();
                // the message that arrived: a flow from the step that sent it
                RunView.Step from = s.origin() > 0 ? view.at(s.origin()) : null;
                if (from != null) {
                    long p = from.record().position();
                    flow(g, "s", from.receiver(), ts.start(p) + ts.length(p) / 2, r.position(), r);
                    flow(g, "f", s.receiver(), start + dur / 2, r.position(), r);
                }
                counters(g, r, start);
                for (Event e : r.events()) {
                    if (e instanceof Event.SyscallReturned || e instanceof Event.TaskBailed) {
                        long[] open = openCall.remove(s.receiver());
                        if (open != null) {
                            call(g, view, s, callName.get(s.receiver()), ts.start(open[0]),
                                    start + dur - ts.start(open[0]), open[0], e);
                        }
                    }
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("otherData");
            g.writeNumberField("version", 1);
            g.writeStringField("bpflife", bpflife.protocol.BuildInfo.current().describe());
            g.writeStringField("source", title);
            g.writeStringField("time", micros == null ? "step numbers: step N at N us"
                    : "journal write times: us since the first step (a ms clock: steps of one ms 1 us apart)");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** What part of a step's span its slice leaves free at each end (so no two slices start together). */
    static final double INSET = 0.05;

    /** When a step starts and how long it lasts, in µs. */
    private record Clock(RunView view, LongUnaryOperator micros) {
        double start(long position) {
            return micros == null ? position : micros.applyAsLong(position);
        }

        double length(long position) {
            if (micros == null) {
                return 1;
            }
            RunView.Step next = view.at(position + 1);
            return next == null ? 1 : Math.max(1, start(position + 1) - start(position));
        }
    }

    private static void call(JsonGenerator g, RunView view, RunView.Step s, String name, double start, double dur,
            long entered, Event end) throws IOException {
        RunView.Source src = view.source(s);
        g.writeStartObject();
        // the scenario's statement reads better on a track than the call's record name
        g.writeStringField("name", src != null ? src.text() : name == null ? "call" : name);
        g.writeStringField("cat", "syscall");
        g.writeStringField("ph", "X");
        g.writeNumberField("pid", PID);
        g.writeNumberField("tid", tid(s.receiver()));
        g.writeNumberField("ts", start);
        g.writeNumberField("dur", dur);
        g.writeObjectFieldStart("args");
        g.writeNumberField("entered", entered);
        g.writeNumberField("returned", s.record().position());
        g.writeStringField("call", name == null ? "call" : name);
        g.writeStringField("result", end instanceof Event.SyscallReturned ret ? Labels.result(ret.result()) : "bailed");
        if (src != null) {
            g.writeStringField("scenario", src.label());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void flow(JsonGenerator g, String ph, int track, double ts, long id, StepRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", Labels.message(r.message()));
        g.writeStringField("cat", "message");
        g.writeStringField("ph", ph);
        g.writeNumberField("pid", PID);
        g.writeNumberField("tid", tid(track));
        g.writeNumberField("ts", ts);
        g.writeNumberField("id", id);
        if (ph.equals("f")) {
            g.writeStringField("bp", "e");
        }
        g.writeEndObject();
    }

    /** A counter per counted object: its refcount after each step that changed it. */
    private static void counters(JsonGenerator g, StepRecord r, double ts) throws IOException {
        Long count = null;
        for (Event e : r.events()) {
            if (e instanceof Event.RefTaken t) {
                count = t.refcnt();
            } else if (e instanceof Event.RefDropped d) {
                count = d.refcnt();
            }
        }
        if (count == null) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", "refcnt " + r.receiver().key());
        g.writeStringField("ph", "C");
        g.writeNumberField("pid", PID);
        g.writeNumberField("ts", ts);
        g.writeObjectFieldStart("args");
        g.writeNumberField("refcnt", count);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void meta(JsonGenerator g, String name, int tid, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", PID);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField(key, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Thread ids from 1 (0 is the process's own). */
    private static int tid(int object) {
        return object + 1;
    }

    /** The track of an object, for tests. */
    static int track(RunView view, ActorId id) {
        return tid(view.objects().indexOf(id));
    }
}
