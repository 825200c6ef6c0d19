package backprop;

import java.util.Locale;

/**
 * The activation functions a layer may use. Each derivative is written in terms of the activation's output
 * {@code a = f(z)}, as the numpy example's {@code sigmoid_derivative(a)} is: backprop keeps the outputs of the
 * forward pass, so it never needs {@code z} again.
 */
public enum Activation {
    /** The logistic function {@code 1 / (1 + e^-z)}, outputs in (0, 1). */
    SIGMOID {
        @Override public float apply(float z) { return (float) (1.0 / (1.0 + Math.exp(-z))); }
        @Override public float derivativeFromOutput(float a) { return a * (1f - a); }
    },
    /** The hyperbolic tangent, outputs in (-1, 1). */
    TANH {
        @Override public float apply(float z) { return (float) Math.tanh(z); }
        @Override public float derivativeFromOutput(float a) { return 1f - a * a; }
    },
    /** {@code max(0, z)}; start it with {@link Init#HE} weights. */
    RELU {
        @Override public float apply(float z) { return z > 0f ? z : 0f; }
        @Override public float derivativeFromOutput(float a) { return a > 0f ? 1f : 0f; }
    },
    /**
     * Normalises a whole row, so it is only valid on the output layer, where the delta {@code a - y} of
     * cross-entropy already folds its Jacobian in.
     */
    SOFTMAX {
        @Override public float apply(float z) { throw new UnsupportedOperationException("softmax works on a whole row"); }
        @Override public float derivativeFromOutput(float a) {
            throw new UnsupportedOperationException("softmax is only an output activation");
        }
        @Override public boolean isElementwise() { return false; }
        @Override public boolean allowedInHiddenLayer() { return false; }
    },
    /**
     * {@code f(z) = z}, the output of regression: with the loss {@code 0.5 * sum((a - y)^2)} its delta is
     * {@code a - y}. Only an output activation, since a linear hidden layer adds nothing a wider matrix cannot do.
     */
    IDENTITY {
        @Override public float apply(float z) { return z; }
        @Override public float derivativeFromOutput(float a) { return 1f; }
        @Override public boolean allowedInHiddenLayer() { return false; }
    };

    /** The activation of one pre-activation value (elementwise activations only). */
    public abstract float apply(float z);

    /** {@code f'(z)} expressed through {@code a = f(z)}. */
    public abstract float derivativeFromOutput(float a);

    /** Whether each output depends only on its own input (all but softmax). */
    public boolean isElementwise() { return true; }

    /** Whether a hidden layer may use it (all but softmax, whose output delta holds only on the output layer). */
    public boolean allowedInHiddenLayer() { return true; }

    /** The name used in model files and on the command line. */
    public String jsonName() { return name().toLowerCase(Locale.ROOT); }

    /** Parses a model-file or command-line name; the message lists the valid ones. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.jsonName().equalsIgnoreCase(name == null ? "" : name.trim())) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected sigmoid, tanh, relu, softmax or identity)");
    }

    /** Softmax of one row in place, shifted by the row maximum so large inputs cannot overflow exp. */
    public static void softmaxRow(float[] values, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) max = Math.max(max, values[offset + j]);
        float sum = 0f;
        for (int j = 0; j < length; j++) {
            float e = (float) Math.exp(values[offset + j] - max);
            values[offset + j] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int j = 0; j < length; j++) values[offset + j] *= inverse;
    }
}
