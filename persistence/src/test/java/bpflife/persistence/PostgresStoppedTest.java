package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bpflife.actors.LiveWorld;
import bpflife.actors.WorldEnded;
import bpflife.model.Semantics;
import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, F2: PostgreSQL stopped mid-run. The journal reaches the server through a TCP proxy in
 * this test, which the test closes while a world runs: the open connections drop and new ones are
 * refused, as when the server is stopped. The run must end within seconds with the one line
 * ("journal write failed at world W step S ...; N steps are durable", or "journal read failed" when
 * the cut meets an object's recovery), exit 2, and the durable
 * prefix must replay. Runs where BPFLIFE_PG_URL is set (.ci/run); skipped with the reason otherwise.
 */
@DisplayName("PostgreSQL stopped mid-run")
class PostgresStoppedTest {

    /** A TCP proxy on 127.0.0.1 to the server; {@link #cut} closes it and every connection through it. */
    static final class Proxy implements AutoCloseable {
        private final ServerSocket server;
        private final InetSocketAddress upstream;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final AtomicLong sent = new AtomicLong();
        /** Bytes to the server after which the proxy cuts itself (mid-write: a batch is ~1 MB), and when it did. */
        private volatile long cutAt = Long.MAX_VALUE;
        final CompletableFuture<Long> cutNanos = new CompletableFuture<>();
        /** At the cut: hang (connections stay open, nothing more is forwarded) instead of closing. */
        private volatile boolean hangAtCut;
        private volatile boolean hang;

        Proxy(String host, int port) throws IOException {
            upstream = new InetSocketAddress(host, port);
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "pg-proxy-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (hang) {
                        sockets.add(client); // accepted, never answered
                        continue;
                    }
                    Socket up = new Socket();
                    up.connect(upstream, 5000);
                    sockets.add(client);
                    sockets.add(up);
                    pump(client, up, sent);
                    pump(up, client, new AtomicLong());
                } catch (IOException e) {
                    // closed: new connections are refused from now on
                }
            }
        }

        private void pump(Socket from, Socket to, AtomicLong count) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65536];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        if (count.addAndGet(n) >= cutAt) {
                            if (!hangAtCut) {
                                cut();
                                break;
                            }
                            hang = true;
                            cutNanos.complete(System.nanoTime());
                        }
                        if (!hang) {
                            out.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // cut
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "pg-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        /** The server gone: the listening socket closed (connections refused) and every connection dropped. */
        void cutAfter(long bytes) {
            cutAt = sent.get() + bytes;
        }

        /** The server hung: from then on connections stay open and accepted, and nothing is answered. */
        void hangAfter(long bytes) {
            hangAtCut = true;
            cutAt = sent.get() + bytes;
        }

        void cut() {
            cutNanos.complete(System.nanoTime());
            closeQuietly(server);
            for (Socket s : sockets) {
                try {
                    s.setSoLinger(true, 0); // a reset, as from a host whose server is gone
                } catch (IOException e) {
                    // closed already
                }
                closeQuietly(s);
            }
        }

        @Override
        public void close() {
            cut();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closed already
            }
        }
    }

    private static Config postgres(String url) {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("postgres"))
                .withValue("bpflife.postgres.url", ConfigValueFactory.fromAnyRef(url))
                .withValue("bpflife.timeout", ConfigValueFactory.fromAnyRef("60s"))
                .withValue("bpflife.postgres.socket-timeout", ConfigValueFactory.fromAnyRef("3s"));
    }

    /**
     * stopped: the server goes away (connections reset, new ones refused); hung: it stops answering
     * and keeps every connection open, which only bpflife.postgres.socket-timeout (3 s here) bounds.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "server {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"stopped", "hung"})
    @Timeout(90)
    void aStoppedServerStopsTheWorldWithinSeconds(String how) throws Exception {
        String url = PostgresServer.url();
        Properties p = org.postgresql.Driver.parseURL(url, null);
        String host = p.getProperty("PGHOST");
        int port = Integer.parseInt(p.getProperty("PGPORT", "5432"));
        String db = p.getProperty("PGDBNAME");
        String world = "pg-stopped-" + UUID.randomUUID().toString().substring(0, 8);
        Path scn = WorldStatusTest.SCENARIOS.resolve("load-cats-rm-update.scn");
        String text = Files.readString(scn, StandardCharsets.UTF_8);

        try (Proxy proxy = new Proxy(host, port)) {
            Store store = Store.open(postgres("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db));
            try {
                // mid-run: the proxy cuts itself (or hangs) in the middle of the world's writes
                if (how.equals("hung")) {
                    proxy.hangAfter(200_000);
                } else {
                    proxy.cutAfter(200_000);
                }
                CompletableFuture<LiveWorlds.Result> run = CompletableFuture.supplyAsync(() ->
                        LiveWorlds.run(store, world, scn.toString(), text, Semantics.LINUX));
                long t0 = proxy.cutNanos.get(30, TimeUnit.SECONDS);
                ExecutionException ex;
                try {
                    ex = assertThrows(ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
                } catch (org.opentest4j.AssertionFailedError e) {
                    if (e.getCause() instanceof TimeoutException) {
                        fail("the world still ran 20 s after the server was stopped");
                    }
                    throw new AssertionError("the world ended normally after the server was stopped: " + run.get()
                            , e);
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ex.getCause() instanceof LiveWorld.Stopped, String.valueOf(ex.getCause()));
                LiveWorld.Stopped e = (LiveWorld.Stopped) ex.getCause();
                System.out.println("stopped after " + ms + " ms: " + e.getMessage());
                assertTrue(ms < 15_000, "stopped after " + ms + " ms: " + e.getMessage());
                assertEquals(UserError.Exit.BAD_INPUT, e.exit());
                assertEquals(WorldEnded.Status.FAILED, e.status());
                String line = e.getMessage();
                // the cut meets a write, or the recovery (a read) of an object made just then
                String at = " failed at world " + world + " step " + (e.steps() + 1) + " (";
                assertTrue(line.startsWith("journal write" + at) || line.startsWith("journal read" + at), line);
                assertTrue(line.contains(e.steps() + " steps are durable"), line);
                assertTrue(!line.contains("\n") && !line.contains("Exception"), line);
                assertTrue(line.endsWith(")") || line.endsWith("marked failed"), line);
                check(world, e.steps());
            } finally {
                store.close();
            }
        }
    }

    /** On the server itself: every acknowledged step is there and replays as a prefix. */
    private static void check(String world, long acknowledged) throws IOException {
        try (Store store = Store.open(ConfigFactory.empty().withValue("bpflife.store",
                ConfigValueFactory.fromAnyRef("postgres")))) {
            Worlds.Info i = Worlds.get(store, world);
            assertTrue(i.steps() >= acknowledged, i.steps() + " stored, " + acknowledged + " acknowledged");
            try (WorldStream ws = WorldStream.open(store, world)) {
                Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
                assertTrue(o.identicalPrefix(), o.verdict());
                assertEquals(i.steps(), o.steps());
            }
        }
    }
}
