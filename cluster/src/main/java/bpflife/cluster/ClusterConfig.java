package bpflife.cluster;

import bpflife.persistence.Store;
import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;

/**
 * The configuration of a node ({@code bpflife node}) or of a cluster driver ({@code load
 * --cluster}): bpflife-cluster.conf with the seed, this member's host, port and role, and the
 * journal's name for the join check. PostgreSQL only: an H2 file belongs to one process.
 */
public final class ClusterConfig {
    private ClusterConfig() {}

    /** Hosts the objects' shards. */
    public static final String NODE = "node";
    /** Drives a load; hosts no shard. */
    public static final String DRIVER = "driver";

    /** A seed's {@code HOST:PORT}, checked. */
    public record Address(String host, int port) {
        public static Address parse(String s, String option) {
            int i = s == null ? -1 : s.lastIndexOf(':');
            if (i <= 0 || i == s.length() - 1) {
                throw new UserError(option + " is '" + s + "': give HOST:PORT, such as 127.0.0.1:25520");
            }
            try {
                int port = Integer.parseInt(s.substring(i + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new Address(s.substring(0, i), port);
            } catch (NumberFormatException e) {
                throw new UserError(option + " is '" + s + "': the port must be a number from 1 to 65535");
            }
        }

        String uri() {
            return "pekko://bpflife@" + host + ":" + port;
        }
    }

    /**
     * Overrides for {@link Store#open(Config)}: this member at {@code host:port} (port 0: any free
     * one) with {@code role}, joining {@code seed} (itself when it is the seed).
     */
    public static Config member(Address seed, String host, int port, String role, boolean tls) {
        return member(seed, host, port, role, tls, ConfigFactory.empty());
    }

    /** As {@link #member(Address, String, int, String, boolean)}, over {@code given} (--store, ...). */
    public static Config member(Address seed, String host, int port, String role, boolean tls, Config given) {
        Config base = ConfigFactory.parseResources(ClusterConfig.class.getClassLoader(), "bpflife-cluster.conf");
        Config c = ConfigFactory.empty()
                .withValue("bpflife.cluster.host", ConfigValueFactory.fromAnyRef(host))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of(seed.uri())))
                .withValue("bpflife.cluster.tls", ConfigValueFactory.fromAnyRef(tls));
        if (tls) {
            c = c.withFallback(ConfigFactory.parseResources(ClusterConfig.class.getClassLoader(),
                    "bpflife-cluster-tls.conf"));
        }
        // the file's defaults under system properties (-Dbpflife.cluster.shards=...), the command line's over them
        Config full = given.withFallback(c).withFallback(ConfigFactory.systemProperties()).withFallback(base);
        String journal = journalName(Store.config(full));
        return ConfigFactory.empty().withValue("bpflife.cluster.journal", ConfigValueFactory.fromAnyRef(journal))
                .withFallback(full).resolve();
    }

    /**
     * The journal every member must share, as {@code host:port/database}; refuses H2 by name (an H2
     * file is one process's: a second node could not open it, and on another machine it would be
     * another journal).
     */
    static String journalName(Config c) {
        String store = c.getString("bpflife.store").trim().toLowerCase(Locale.ROOT);
        if (!store.startsWith("postgres")) {
            throw new UserError("a cluster's journal is PostgreSQL: bpflife.store is '" + store + "' (an H2 file "
                    + "is one process's); use --store postgres with BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD");
        }
        String url = c.getString("bpflife.postgres.url");
        int q = url.indexOf('?');
        return (q < 0 ? url : url.substring(0, q)).replaceFirst("^jdbc:postgresql://", "");
    }
}
