package bpflife.cluster;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a peer whose journal or world configuration differs from this node's, naming each
 * setting and both values: nodes writing one world into two journals, or spreading it over
 * different shard counts, would each be consistent alone and wrong together. Pekko runs it on both
 * sides of a join (bpflife.cluster.must-match lists the settings).
 */
public final class JournalCompat extends JoinConfigCompatChecker {
    /** Settings that must be equal; the list itself is {@code bpflife.cluster.must-match}. */
    static final List<String> KEYS = List.of("bpflife.store", "bpflife.cluster.journal", "bpflife.cluster.shards",
            "bpflife.cluster.journal-format");

    /** The refusals this JVM made, for the node's one-line error (a join refused says why). */
    static final java.util.Queue<String> REFUSED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public scala.collection.immutable.Seq<String> requiredKeys() {
        return CollectionConverters.asScala(KEYS).toList();
    }

    @Override
    public ConfigValidation check(Config peer, Config mine) {
        List<String> bad = differences(peer, mine);
        if (bad.isEmpty()) {
            return Valid$.MODULE$;
        }
        for (String b : bad) {
            REFUSED.add(b);
            System.err.println("bpflife cluster: refused: " + b);
        }
        return new Invalid(CollectionConverters.asScala(bad).toList());
    }

    /** One sentence per setting that differs. */
    static List<String> differences(Config peer, Config mine) {
        List<String> bad = new ArrayList<>();
        for (String k : KEYS) {
            String a = peer.hasPath(k) ? peer.getValue(k).unwrapped().toString() : "(unset)";
            String b = mine.hasPath(k) ? mine.getValue(k).unwrapped().toString() : "(unset)";
            if (!a.equals(b)) {
                bad.add(k + " differs: the peer has '" + a + "', this node '" + b + "'");
            }
        }
        return bad;
    }
}
