package bpflife.cli.pictures;

import bpflife.explore.Format;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run as a sequence diagram in one self-contained HTML page: one lifeline per object (task,
 * file, session, link, prog, map, inode, cgroup, the kernel's singletons), every delivery an arrow
 * from its sender to its receiver in journal order, the step's refcount changes and state changes
 * written beside the arrow head, and, when the run broke an invariant, the violating step and the
 * causal chain of deliveries that led to it in red (with the objects on it). Hovering an arrow
 * shows the whole journal record and the scenario line of the call it serves.
 *
 * <p>Assumptions and guarantees: a pure function of its arguments (the same run gives the same
 * bytes). The page loads nothing: its script and style are inlined and the run is a JSON block in
 * the page, from which the script draws only the rows in view, so a 10,000-step run scrolls and
 * zooms (buttons, ctrl+wheel) without a 10,000-element DOM; the objects can be filtered by name
 * (click a lifeline's head) and by kind, and the steps by range or to the red chain.
 *
 * <p>Example: {@code Files.writeString(out, SequenceDiagram.html(RunView.of(run.records(),
 * run.scenario()), Focus.of(run.violations().get(0)), "run", 0, Long.MAX_VALUE))}.
 */
public final class SequenceDiagram {
    private SequenceDiagram() {}

    /** Flags of a step in the page's data: plain, on the chain to the focus, the focus itself. */
    static final int PLAIN = 0;
    static final int CHAIN = 1;
    static final int FOCUS = 2;

    /**
     * The page. {@code focus} (or null) is the step to show in red with the chain that led to it;
     * {@code from}..{@code to} (inclusive) the journal positions drawn.
     */
    public static String html(RunView view, Focus focus, String title, long from, long to) {
        List<RunView.Step> steps = new ArrayList<>();
        for (RunView.Step s : view.steps()) {
            long p = s.record().position();
            if (p >= from && p <= to) {
                steps.add(s);
            }
        }
        TreeSet<Long> chain = focus == null ? new TreeSet<>() : view.chainTo(focus.step());
        Set<ActorId> chainObjects = new java.util.HashSet<>();
        for (long p : chain) {
            RunView.Step s = view.at(p);
            chainObjects.add(s.record().sender());
            chainObjects.add(s.record().receiver());
        }
        if (focus != null && focus.object() != null) {
            chainObjects.add(focus.object());
        }
        // where each lifeline starts and ends: the step that made the object, the step that freed it
        java.util.Map<ActorId, Long> born = new java.util.HashMap<>();
        java.util.Map<ActorId, Long> freed = new java.util.HashMap<>();
        for (RunView.Step s : view.steps()) {
            StepRecord r = s.record();
            r.spawned().forEach(sp -> born.putIfAbsent(sp.id(), r.position()));
            if (r.events().stream().anyMatch(e -> e instanceof bpflife.protocol.Event.Freed)) {
                freed.putIfAbsent(r.receiver(), r.position());
            }
        }
        String data = Page.json(g -> {
            g.writeStartObject();
            g.writeStringField("title", title);
            g.writeArrayFieldStart("objects");
            for (ActorId id : view.objects()) {
                g.writeStartObject();
                g.writeStringField("key", id.key());
                g.writeStringField("kind", id.kind().name().toLowerCase(java.util.Locale.ROOT));
                g.writeBooleanField("chain", chainObjects.contains(id));
                g.writeNumberField("born", born.getOrDefault(id, 0L));
                g.writeNumberField("freed", freed.getOrDefault(id, 0L));
                g.writeEndObject();
            }
            g.writeEndArray();
            // [position, sender, receiver, message, notes, source (-1: none), flag]
            g.writeArrayFieldStart("steps");
            for (RunView.Step s : steps) {
                StepRecord r = s.record();
                g.writeStartArray();
                g.writeNumber(r.position());
                g.writeNumber(s.sender());
                g.writeNumber(s.receiver());
                g.writeString(Labels.arrow(r));
                RunView.Source src = view.source(s);
                g.writeString(Labels.events(r, src == null ? null : src.text()));
                g.writeNumber(s.source());
                g.writeNumber(focus != null && r.position() == focus.step() ? FOCUS
                        : chain.contains(r.position()) ? CHAIN : PLAIN);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("details");
            for (RunView.Step s : steps) {
                g.writeString(Format.step(s.record()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sources");
            for (RunView.Source src : view.sources()) {
                g.writeString(src.label());
            }
            g.writeEndArray();
            if (focus != null) {
                g.writeObjectFieldStart("focus");
                g.writeNumberField("step", focus.step());
                g.writeStringField("headline", focus.headline());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
        StringBuilder b = new StringBuilder(data.length() + 16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Page.escape("bpflife: " + title)).append("</title>\n")
                .append("<style>\n").append(Page.resource("sequence.css")).append("</style>\n</head>\n<body>\n")
                .append("<header>\n<h1>").append(Page.escape(title)).append("</h1>\n");
        if (focus != null) {
            b.append("<p class=\"focus\" id=\"focus\">").append(Page.escape(focus.headline()))
                    .append(" <button id=\"to-focus\">show step ").append(focus.step()).append("</button></p>\n");
        }
        b.append("<div class=\"controls\">")
                .append("<label>objects <input type=\"text\" id=\"filter\" placeholder=\"link:setup.1, task:cat\"/></label>")
                .append("<span id=\"kinds\"></span>")
                .append("<label>steps <input type=\"number\" id=\"from\" placeholder=\"from\"/>")
                .append(" <input type=\"number\" id=\"to\" placeholder=\"to\"/></label>")
                .append("<label>go to <input type=\"number\" id=\"goto\" placeholder=\"step\"/></label>")
                .append("<label><input type=\"checkbox\" id=\"chain-only\"/> red chain only</label>")
                .append("<button id=\"zoom-out\" title=\"zoom out (ctrl+wheel)\">\u2212</button>")
                .append("<button id=\"zoom-in\" title=\"zoom in (ctrl+wheel)\">+</button>")
                .append("<span id=\"count\"></span></div>\n</header>\n")
                .append("<div id=\"head-box\"><svg id=\"heads\" xmlns=\"http://www.w3.org/2000/svg\"></svg></div>\n")
                .append("<div id=\"scroll\"><svg id=\"rows\" xmlns=\"http://www.w3.org/2000/svg\"></svg></div>\n")
                .append("<pre id=\"info\">Hover an arrow for its journal record and scenario line; click a lifeline's"
                        + " head to show only its steps.</pre>\n")
                .append("<script type=\"application/json\" id=\"run-data\">").append(data).append("</script>\n")
                .append("<script>\n").append(Page.resource("sequence.js")).append("</script>\n")
                .append("</body>\n</html>\n");
        return b.toString();
    }

    /** The objects the diagram of {@code from..to} draws a lifeline for: every sender and receiver there. */
    public static int lifelines(RunView view, long from, long to) {
        Set<Integer> used = new java.util.HashSet<>();
        for (RunView.Step s : view.steps()) {
            long p = s.record().position();
            if (p >= from && p <= to) {
                used.add(s.sender());
                used.add(s.receiver());
            }
        }
        return used.size();
    }
}
