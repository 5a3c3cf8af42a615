package bpflife.cli;

import bpflife.actors.LiveWorld;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * How a live world ({@code run --live}, {@code load}) stops when something goes wrong, as the
 * user sees it: one line, no stack traces (unless {@code --verbose}).
 *
 * <p>Ctrl-C (SIGINT) stops the running worlds as interrupted: the command's wait ends at once,
 * what the journal acknowledged is kept, the world is marked interrupted, and the command exits
 * 130 with one line ({@link LiveWorld.Stopped}). A second Ctrl-C, or a world that does not stop
 * within 10 s, ends the process at once (exit 130). Without a running world, Ctrl-C exits 130.
 *
 * <p>A world that stops (a failed journal write, an interrupt) quiets the actors' and Pekko's
 * logs first: its objects' own failures would otherwise print a stack trace each.
 */
final class Interrupts {
    private Interrupts() {}

    private static final AtomicInteger SIGNALS = new AtomicInteger();
    private static volatile boolean installed;

    /** Installs the SIGINT handler (once per JVM) and the quieting of logs for a stopped world. */
    static synchronized void install() {
        boolean verbose = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isDebugEnabled();
        LiveWorld.onStop(verbose ? null : Interrupts::quiet);
        if (installed) {
            return;
        }
        installed = true;
        try {
            // sun.misc.Signal (module jdk.unsupported), by reflection: javac warns on its direct use
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler h = (Object proxy, Method m, Object[] args) -> {
                if (m.getName().equals("handle")) {
                    interrupted();
                    return null;
                }
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "bpflife SIGINT handler";
                };
            };
            Object proxy = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handler}, h);
            Object sigint = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, sigint, proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no signal handling on this JVM: Ctrl-C ends the process as it always did
            LoggerFactory.getLogger(Interrupts.class).debug("no SIGINT handler: {}", e.toString());
        }
    }

    private static void interrupted() {
        if (SIGNALS.incrementAndGet() > 1 || !LiveWorld.interruptAll()) {
            // a second Ctrl-C, or no world to stop: end now
            quiet();
            System.err.println("Error: interrupted");
            System.err.flush();
            Runtime.getRuntime().halt(130);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Error: interrupted (the world did not stop within 10 s)");
            System.err.flush();
            Runtime.getRuntime().halt(130);
        }, "bpflife-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Turns the actors' and Pekko's logs off: the one line the command prints says it all. */
    static void quiet() {
        for (String name : new String[] {"bpflife.actors", "org.apache.pekko", "slick", "com.zaxxer"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.OFF);
        }
    }
}
