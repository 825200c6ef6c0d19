package backprop;

import java.util.Locale;
import java.util.Random;

/**
 * How start weights are drawn. {@link java.util.Random} is specified to the bit, so the same seed gives the same
 * weights on every JDK; the draws are in row-major order, layer after layer, one generator for the network.
 */
public enum Init {
    /** The numpy example's {@code np.random.randn(in, out) * 0.01}, biases zero. */
    SEED_LISTING,
    /** Glorot uniform, {@code U(-sqrt(6/(in+out)), +sqrt(6/(in+out)))}: the default for sigmoid and tanh. */
    XAVIER,
    /** He normal, {@code N(0, 2/in)}: the default for relu. */
    HE;

    /** The usual choice for a hidden activation. */
    public static Init defaultFor(Activation hidden) {
        return hidden == Activation.RELU ? HE : XAVIER;
    }

    /** The start-weight scheme named as on the command line: {@code xavier}, {@code he} or {@code seed-listing}. */
    public static Init parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown init '" + name + "' (expected xavier, he or seed-listing)");
        }
    }

    /** The name the command line and {@link #parse} use. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Fills {@code weights} ({@code inputs x outputs}) from {@code random}; biases stay zero for every scheme. */
    void fill(float[] weights, int inputs, int outputs, Random random) {
        for (int i = 0; i < weights.length; i++) {
            switch (this) {
                case SEED_LISTING:
                    weights[i] = (float) (random.nextGaussian() * 0.01);
                    break;
                case XAVIER: {
                    double limit = Math.sqrt(6.0 / (inputs + outputs));
                    weights[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * limit);
                    break;
                }
                default:
                    weights[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / inputs));
            }
        }
    }
}
