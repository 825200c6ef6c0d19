package backprop;

import java.util.Arrays;
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
    HE,
    /**
     * scikit-learn's MLP start: weights and biases both uniform in {@code +-sqrt(6/(in+out))}, or
     * {@code +-sqrt(2/(in+out))} when the hidden layers are sigmoid, drawn weights first, then biases, per layer.
     * Biases that are not zero keep more relu units alive at the start.
     */
    SKLEARN;

    /** The usual choice for a hidden activation. */
    public static Init defaultFor(Activation hidden) {
        return hidden == Activation.RELU ? HE : XAVIER;
    }

    /**
     * The start-weight scheme named as on the command line: {@code xavier}, {@code he}, {@code sklearn} or
     * {@code seed-listing}.
     */
    public static Init parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown init '" + name + "' (expected xavier, he, sklearn or seed-listing)");
        }
    }

    /** The name the command line and {@link #parse} use. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Fills one layer's {@code weights} ({@code inputs x outputs}) and {@code biases} from {@code random}; biases
     * are zero except for {@link #SKLEARN}. {@code hidden} is the network's hidden activation.
     */
    void fill(float[] weights, float[] biases, int inputs, int outputs, Activation hidden, Random random) {
        if (this == SKLEARN) {
            double limit = Math.sqrt((hidden == Activation.SIGMOID ? 2.0 : 6.0) / (inputs + outputs));
            for (int i = 0; i < weights.length; i++) weights[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * limit);
            for (int j = 0; j < biases.length; j++) biases[j] = (float) ((random.nextDouble() * 2.0 - 1.0) * limit);
            return;
        }
        Arrays.fill(biases, 0f);
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
