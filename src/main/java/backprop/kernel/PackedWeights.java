package backprop.kernel;

/**
 * A layer's weights ({@code inputs x outputs}, row-major) together with a copy laid out the way one kind of kernels
 * reads them in a forward product, made once for weights that no longer change, as a served model's do. Immutable
 * once made, so any number of threads' kernels may read one instance. See {@link Kernels#pack}.
 */
public final class PackedWeights {

    private final float[] weights;
    private final int inputs;
    private final int outputs;
    private final float[] packed;
    private final String layout;

    /**
     * {@code weights} as they are, plus {@code packed} in the layout named {@code layout} (null for none: the
     * kernels read {@code weights}). Neither array may change afterwards.
     */
    public PackedWeights(float[] weights, int inputs, int outputs, float[] packed, String layout) {
        if (inputs < 1 || outputs < 1 || weights.length < (long) inputs * outputs) {
            throw new IllegalArgumentException(inputs + " x " + outputs + " weights need " + (long) inputs * outputs
                    + " values, got " + weights.length);
        }
        this.weights = weights;
        this.inputs = inputs;
        this.outputs = outputs;
        this.packed = packed;
        this.layout = layout;
    }

    /** The weights as they are, row-major {@code inputs x outputs}. */
    public float[] weights() {
        return weights;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** The copy in the layout {@link #layout()}, or null where the kernels read {@link #weights()}. */
    public float[] packed() {
        return packed;
    }

    /** What kernels the packed copy is for, for example {@code vector 16 lanes, 3-vector panels}; null for none. */
    public String layout() {
        return layout;
    }
}
