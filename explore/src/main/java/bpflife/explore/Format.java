package bpflife.explore;

import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import java.util.StringJoiner;

/** One-line renderings of journal records for reports and violation chains. */
public final class Format {
    private Format() {}

    public static String step(StepRecord r) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(r.position()).append(' ').append(r.receiver().key()).append(" <- ")
                .append(r.sender().key()).append(": ").append(r.message());
        if (!r.events().isEmpty()) {
            StringJoiner j = new StringJoiner(", ", " => ", "");
            for (Event e : r.events()) {
                if (!(e instanceof Event.SyscallMoved)) {
                    j.add(e.toString());
                }
            }
            b.append(j);
        }
        if (!r.sent().isEmpty()) {
            StringJoiner j = new StringJoiner(", ", " -> ", "");
            for (Envelope e : r.sent()) {
                j.add(e.to().key() + " " + e.msg().getClass().getSimpleName());
            }
            b.append(j);
        }
        return b.toString();
    }
}
