package backprop.kernel;

import java.util.Locale;

/** Which kernel implementation to train with. */
public enum Backend {
    /** Vector when {@code jdk.incubator.vector} is present and C2 is on; otherwise scalar, saying why once. */
    AUTO,
    /** The textbook loops. */
    SCALAR,
    /** {@code jdk.incubator.vector}; an error when the module is missing. */
    VECTOR;

    /** The backend named {@code auto}, {@code vector} or {@code scalar}, in any case. */
    public static Backend parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (expected auto, vector or scalar)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
