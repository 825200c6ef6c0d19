package backprop.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The HotSpot flags this JVM runs with ({@code UseAVX}, {@code UseFMA}, {@code MaxVectorSize}...), read through
 * {@link HotSpotDiagnosticMXBean}: no Java API says what the JIT compiles vector code to.
 */
public final class HotSpotOptions {

    private HotSpotOptions() {
    }

    /**
     * The flag's value as HotSpot prints it ({@code true}, {@code 64}), or empty on another JVM, without the
     * {@code jdk.management} module, or where the flag does not exist.
     */
    public static Optional<String> value(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name)
                    .getValue());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The integer flag's value, or {@code otherwise} where it cannot be read. */
    public static int intValue(String name, int otherwise) {
        try {
            return value(name).map(Integer::parseInt).orElse(otherwise);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
