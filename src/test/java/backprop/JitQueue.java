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
            ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
            while (System.nanoTime() < deadline) {
                String queue = (String) ManagementFactory.getPlatformMBeanServer().invoke(diagnostics,
                        "compilerQueue", new Object[] {null}, new String[] {String[].class.getName()});
                if (!TASK.matcher(queue).find()) return;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not HotSpot, or no diagnostic commands: the warm-up alone has to do
        }
    }
}
