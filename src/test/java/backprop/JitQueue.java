package backprop;

import backprop.kernel.HotSpotOptions;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Waits for the JIT's queue to drain: compilation runs behind the code that triggers it, and on a busy machine the
 * compiler threads lag a warm-up by seconds, so the allocation tests wait for it before their one measured window.
 */
public final class JitQueue {

    /** A compile task, running or queued, in the listing: it names a method as {@code Class::method}. */
    private static final Pattern TASK = Pattern.compile("::");
    private static final long LONGEST_WAIT_SECONDS = 120;
    /**
     * The classes whose compilations a warm-up watches: backprop's, and the Vector API's, whose methods C2 also
     * compiles on their own (a vector operation's fallback, or a method too big to inline) and whose recompilation
     * runs them interpreted, boxing, meanwhile.
     */
    private static final String[] WATCHED_CLASSES = {"backprop.", "jdk.incubator.vector."};

    private JitQueue() {
    }

    /** Returns once no method is being or waiting to be compiled, or after two minutes, or where it cannot tell. */
    public static void awaitEmpty() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONGEST_WAIT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                if (!TASK.matcher(diagnostic("compilerQueue")).find()) return;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not HotSpot, or no diagnostic commands: the warm-up alone has to do
        }
    }

    /**
     * Runs {@code round} at least {@code fewest} and at most {@code most} times, until a round compiles nothing new of
     * backprop's or the Vector API's ({@link #latestCompile}), so that an allocation test's one window follows a JIT that has settled; a
     * method C2 throws away and compiles again late (a trap, or profiles shared with the tests before) runs as C1's
     * code meanwhile, which boxes vectors. Returns the rounds run.
     */
    public static int settle(Runnable round, int fewest, int most) {
        awaitEmpty();
        long compiled = latestCompile();
        int rounds = 0;
        while (rounds < most) {
            round.run();
            rounds++;
            awaitEmpty();
            long latest = latestCompile();
            if (rounds >= fewest && latest == compiled) break;
            compiled = latest;
        }
        return rounds;
    }

    /**
     * The calls after which C2 compiles a method on its calls alone ({@code Tier4InvocationThreshold}; 5,000 where
     * the JVM does not say). A round that runs a path fewer times than this leaves the path's promotion to its loop
     * counts and to the moments the JIT checks them, which it puts off while its queue is long: a path can stay in
     * C1's profiling code, which boxes every vector, through a round that compiles nothing new.
     */
    public static int callsToCompile() {
        // not HotSpot, or no such option: HotSpot's default
        return HotSpotOptions.intValue("Tier4InvocationThreshold", 5_000);
    }

    /** The highest compile id among the compiled methods of the watched classes, as {@link #latestCompile(String...)}. */
    public static long latestCompile() {
        return latestCompile(WATCHED_CLASSES);
    }

    /**
     * The highest compile id among the compiled methods of classes whose names start with one of
     * {@code classPrefixes}: it changes whenever the JIT compiles one of them again, so a warm-up can go on until a
     * whole round of it leaves the number where it was. -1 where the JVM cannot tell, and then it never changes.
     */
    public static long latestCompile(String... classPrefixes) {
        long latest = -1;
        try {
            // each line: compile id, tier, state, method, code addresses
            for (String line : diagnostic("compilerCodelist").split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length <= 3) continue;
                for (String prefix : classPrefixes) {
                    if (fields[3].startsWith(prefix)) latest = Math.max(latest, Long.parseLong(fields[0]));
                }
            }
        } catch (Exception e) {
            return -1; // not HotSpot, or no diagnostic commands
        }
        return latest;
    }

    /**
     * The methods of classes whose names start with {@code classPrefix} whose best code in use is C1's profiling code
     * (tier 2 or 3), which boxes every vector: a failing allocation test names them. Empty where the JVM cannot tell.
     */
    public static List<String> profiledOnly(String classPrefix) {
        Map<String, Integer> bestTier = new TreeMap<>();
        try {
            // each line: compile id, tier, state (0 in use), method, code addresses
            for (String line : diagnostic("compilerCodelist").split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length <= 3 || !fields[3].startsWith(classPrefix) || !fields[2].equals("0")) continue;
                bestTier.merge(fields[3], Integer.parseInt(fields[1]), Math::max);
            }
        } catch (Exception e) {
            return List.of();
        }
        return bestTier.entrySet().stream().filter(e -> e.getValue() == 2 || e.getValue() == 3)
                .map(e -> e.getKey() + " at tier " + e.getValue()).collect(Collectors.toList());
    }

    private static String diagnostic(String command) throws Exception {
        ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(diagnostics, command,
                new Object[] {null}, new String[] {String[].class.getName()});
    }
}
