package backprop;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Waits for the JIT's queue to drain: compilation runs behind the code that triggers it, and on a busy machine the
 * compiler threads lag a warm-up by seconds, so the allocation tests wait for it before their one measured window.
 */
public final class JitQueue {

    /** A compile task, running or queued, in the listing: it names a method as {@code Class::method}. */
    private static final Pattern TASK = Pattern.compile("::");
    private static final long LONGEST_WAIT_SECONDS = 120;

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
     * The highest compile id among the compiled methods of classes whose names start with {@code classPrefix}: it
     * changes whenever the JIT compiles one of them again, so a warm-up can go on until a whole round of it leaves
     * the number where it was. -1 where the JVM cannot tell, and then it never changes.
     */
    public static long latestCompile(String classPrefix) {
        long latest = -1;
        try {
            // each line: compile id, tier, state, method, code addresses
            for (String line : diagnostic("compilerCodelist").split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].startsWith(classPrefix)) {
                    latest = Math.max(latest, Long.parseLong(fields[0]));
                }
            }
        } catch (Exception e) {
            return -1; // not HotSpot, or no diagnostic commands
        }
        return latest;
    }

    private static String diagnostic(String command) throws Exception {
        ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(diagnostics, command,
                new Object[] {null}, new String[] {String[].class.getName()});
    }
}
