package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bpflife.actors.Command;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What crosses nodes is written by {@link WireSerializer} (Java serialization is off) and reads back
 * equal: the objects' commands with the model's messages and events, refs, the driver's messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireSerializerTest {
    private ActorSystem<Void> system;
    private Serialization serialization;

    @BeforeAll
    void start() {
        // the cluster's own configuration file, on a free port, joining nobody
        Config c = ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.cluster.seed-nodes = []\nbpflife.cluster.host = 127.0.0.1")
                .withFallback(ConfigFactory.parseResources("bpflife-cluster.conf")).resolve()
                .withFallback(ConfigFactory.load());
        system = ActorSystem.create(Behaviors.empty(), "bpflife", c);
        serialization = SerializationExtension.get(Adapter.toClassic(system));
    }

    @AfterAll
    void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private Object roundTrip(Object o) throws Exception {
        Serializer s = serialization.findSerializerFor(o);
        assertEquals(WireSerializer.ID, s.identifier(), o.getClass().getName() + " is bound to the wire serializer");
        WireSerializer w = (WireSerializer) s;
        return w.fromBinary(w.toBinary(o), w.manifest(o));
    }

    @Test
    void commandsAndDriverMessagesReadBackEqual() throws Exception {
        TaskId setup = new TaskId("setup");
        TaskId cat = new TaskId("cat1");
        TreeMap<String, Integer> ids = new TreeMap<>(Map.of("p", 3));
        ActorRef<StepRecord> ref = system.systemActorOf(Behaviors.<StepRecord>empty(), "reply",
                org.apache.pekko.actor.typed.Props.empty());
        StepRecord step = new StepRecord(0, cat, setup, 1, new Msg.Start(ids), List.of(), List.of(),
                List.of(new StepRecord.Envelope(ActorId.WORLD, new Msg.Start(ids))), null);
        List<Object> all = List.of(
                new Command.Deliver(setup, new Msg.Start(ids)),
                new Command.Deliver(setup, new Msg.Start(ids), ref),
                new Command.Deliver(setup, new Msg.Start(ids), ref, 7),
                new Command.Born(Boot.birth(cat)),
                new Command.Stop(),
                new Wire.Steps("w1", "bpflife@127.0.0.1:1", List.of(step, step)),
                FeedFrames.cut("w1", "bpflife@127.0.0.1:1", List.of(step, step), 1 << 16).get(0),
                new Wire.Started("w1", cat, setup, new Msg.Start(ids), 3),
                new Wire.Counts("w1", "n", 1, -2, 3, 4, 5),
                new Wire.Paused("w1", "n", Map.of("setup>cat1", 2L)),
                new Wire.Close());
        for (Object o : all) {
            assertEquals(o, roundTrip(o), o.getClass().getSimpleName());
        }
    }

    /**
     * Setup's exit starts every task: with 3,000 readers (bench/cluster.sh kill 3000) its one step
     * is 213 KB, and with the steps fed in the same batch the message went over Artery's 256 KiB
     * frame, which Artery drops (the driver never heard setup exit: "the workload's setup did not
     * finish"); with 5,000 the step alone is over. Fed in frames, it and the steps around it arrive
     * whole and in order, each message under the frame.
     */
    @Test
    void aStepLargerThanAFrameIsFedInPartsAndJoinedInOrder() throws Exception {
        long frame = system.settings().config().getBytes("pekko.remote.artery.advanced.maximum-frame-size");
        TaskId setup = new TaskId("setup");
        TreeMap<String, Integer> ids = new TreeMap<>(Map.of("setup.p", 3, "setup.l", 4));
        // a workload of 5,000 readers: setup's exit sends a start to each task not forked
        bpflife.loadtest.Workload load = bpflife.loadtest.Workload.generate(
                new bpflife.loadtest.Workload.Shape(5_000, 4, 10, 48, 8, 8, 8, 0, 1));
        List<StepRecord.Envelope> starts = new java.util.ArrayList<>();
        for (bpflife.model.scenario.TaskDef t : bpflife.model.scenario.ScenarioParser.parse("load.scn", load.text())
                .tasks()) {
            if (!t.forked()) {
                starts.add(new StepRecord.Envelope(new TaskId(t.name()), new Msg.Start(ids)));
            }
        }
        StepRecord exit = new StepRecord(0, setup, setup, 40, new Msg.Continue(), List.of(), List.of(), starts, null);
        WireSerializer w = (WireSerializer) serialization.findSerializerFor(new Wire.Close());
        int whole = w.toBinary(new Wire.Steps("w1", "n1", List.of(exit))).length;
        org.junit.jupiter.api.Assertions.assertTrue(whole > frame, "the step is " + whole + " bytes, the frame "
                + frame + ": the case this test is about");
        List<StepRecord> steps = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) { // small steps before and after, enough for several messages
            steps.add(new StepRecord(0, new TaskId("cat" + i), setup, 1, new Msg.Start(ids), List.of(), List.of(),
                    List.of(), null));
        }
        steps.add(350, exit);
        List<Wire.Fed> sent = FeedFrames.cut("w1", "n1", steps, FeedFrames.limit(system.settings().config()));
        org.junit.jupiter.api.Assertions.assertTrue(sent.size() > 3, sent.size() + " messages");
        FeedFrames.Joiner j = new FeedFrames.Joiner();
        List<StepRecord> got = new java.util.ArrayList<>();
        for (Wire.Fed f : sent) {
            byte[] b = w.toBinary(f);
            org.junit.jupiter.api.Assertions.assertTrue(b.length < frame, f + ": " + b.length + " bytes");
            got.addAll(j.take((Wire.Fed) w.fromBinary(b, w.manifest(f))));
        }
        assertEquals(steps, got);
    }

    @Test
    void javaSerializationIsOff() {
        assertEquals(false, system.settings().config().getBoolean("pekko.actor.allow-java-serialization"));
        // a type with no binding finds no serializer: nothing falls back to Java serialization
        assertThrows(Exception.class, () -> serialization.serialize(new java.util.ArrayList<>(List.of(1))).get());
    }

    @Test
    void anUnknownManifestIsRefusedByName() {
        WireSerializer w = new WireSerializer((ExtendedActorSystem) Adapter.toClassic(system));
        Exception e = assertThrows(java.io.NotSerializableException.class, () -> w.fromBinary(new byte[0], "Wnope"));
        assertEquals("bpflife wire: unknown manifest 'Wnope'", e.getMessage());
    }
}
