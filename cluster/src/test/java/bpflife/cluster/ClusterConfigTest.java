package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster's configuration: PostgreSQL only, loopback by default, a peer's differences named. */
class ClusterConfigTest {

    @Test
    void anH2JournalIsRefusedByName() {
        UserError e = assertThrows(UserError.class, () -> ClusterConfig.member(
                ClusterConfig.Address.parse("127.0.0.1:25520", "--seed"), "127.0.0.1", 0, ClusterConfig.NODE, false,
                ConfigFactory.parseString("bpflife.store = h2")));
        assertTrue(e.getMessage().startsWith("a cluster's journal is PostgreSQL: bpflife.store is 'h2'"), e.getMessage());
    }

    @Test
    void aMemberBindsLoopbackAndNamesItsJournal() {
        Config c = ClusterConfig.member(ClusterConfig.Address.parse("127.0.0.1:25520", "--seed"), "127.0.0.1", 0,
                ClusterConfig.NODE, false, ConfigFactory.parseString("bpflife.store = postgres\n"
                        + "bpflife.postgres.url = \"jdbc:postgresql://db.example:5433/bpf?ssl=true\""));
        assertEquals("127.0.0.1", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals("db.example:5433/bpf", c.getString("bpflife.cluster.journal"));
        assertEquals(List.of("pekko://bpflife@127.0.0.1:25520"), c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals(false, c.getBoolean("pekko.actor.allow-java-serialization"));
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                c.getString("pekko.cluster.downing-provider-class"));
        // bounds how long a shard whose node died mid-rebalance holds its messages (docs/CLUSTER.md)
        assertEquals(java.time.Duration.ofSeconds(10), c.getDuration("pekko.cluster.sharding.handoff-timeout"));
    }

    @Test
    void aPeerWithAnotherJournalOrShardCountIsRefusedNamingTheSetting() {
        Config mine = ConfigFactory.parseString("bpflife.store = postgres\nbpflife.cluster.journal = \"a:1/db\"\n"
                + "bpflife.cluster.shards = 100\nbpflife.cluster.journal-format = bpflife-cbor");
        Config peer = ConfigFactory.parseString("bpflife.cluster.journal = \"b:1/db\"\nbpflife.cluster.shards = 50")
                .withFallback(mine);
        assertEquals(List.of(), JournalCompat.differences(mine, mine));
        assertEquals(List.of("bpflife.cluster.journal differs: the peer has 'b:1/db', this node 'a:1/db'",
                "bpflife.cluster.shards differs: the peer has '50', this node '100'"),
                JournalCompat.differences(peer, mine));
        assertTrue(new JournalCompat().check(peer, mine) instanceof org.apache.pekko.cluster.Invalid);
    }

    @Test
    void aBadSeedIsOneLine() {
        UserError e = assertThrows(UserError.class, () -> ClusterConfig.Address.parse("nohost", "--seed"));
        assertEquals("--seed is 'nohost': give HOST:PORT, such as 127.0.0.1:25520", e.getMessage());
        e = assertThrows(UserError.class, () -> ClusterConfig.Address.parse("h:99999", "--seed"));
        assertEquals("--seed is 'h:99999': the port must be a number from 1 to 65535", e.getMessage());
    }
}
