package backprop.kernel.vector;

import backprop.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static backprop.kernel.vector.Vectors.LANES;
import static backprop.kernel.vector.Vectors.SPECIES;
import static backprop.kernel.vector.Vectors.VECTOR_CLASS;

/**
 * What happens to a finished register tile while it is still in L1, and the same functions over whole arrays:
 * the activation of a forward product, the activation-derivative product of a backward delta, and the sum of a
 * forward product computed in two halves. A tile's region is {@code rows} rows of {@code valid} columns, whole
 * vectors counted from {@code offset} with row stride {@code stride}: lanes past the valid columns lie inside the
 * tile's own padded storage.
 */
final class Epilogues {

    /** Elementwise functions applied to whole vectors. */
    enum Op {
        SIGMOID, TANH, RELU, IDENTITY, EXP;

        static Op of(Activation activation) {
            switch (activation) {
                case SIGMOID: return SIGMOID;
                case TANH: return TANH;
                case RELU: return RELU;
                case IDENTITY: return IDENTITY;
                default: throw new IllegalArgumentException(activation + " is not elementwise");
            }
        }
    }

    private Epilogues() {
    }

    /** {@code out = op(out)} over a tile. */
    static void activate(Op op, float[] out, int offset, int stride, int rows, int valid) {
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < valid; c += LANES) applyAt(op, out, offset + i * stride + c);
        }
    }

    /** {@code out = op(out + aux)} over a tile, {@code aux} laid out as {@code out}. */
    static void addAndActivate(Op op, float[] out, int offset, int stride, int rows, int valid, float[] aux) {
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < valid; c += LANES) addAndApplyAt(op, out, offset + i * stride + c, aux);
        }
    }

    /** {@code out *= f'(aux)} over a tile, {@code f'} written through the layer output {@code aux}, laid out as out. */
    static void multiplyByDerivative(Activation activation, float[] out, int offset, int stride, int rows, int valid,
                                     float[] aux) {
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < valid; c += LANES) multiplyByDerivativeAt(activation, out, offset + i * stride + c, aux);
        }
    }

    /** {@code op} over {@code count} contiguous values; the tail goes through {@code tail}, one vector of scratch. */
    static void apply(Op op, float[] values, int offset, int count, float[] tail) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) applyAt(op, values, offset + i);
        int rest = count - bound;
        if (rest > 0) {
            System.arraycopy(values, offset + bound, tail, 0, rest);
            applyAt(op, tail, 0);
            System.arraycopy(tail, 0, values, offset + bound, rest);
        }
    }

    /**
     * Softmax of each row, shifted by its maximum as {@link Activation#softmaxRow} does; the exponentials, the costly
     * part, run as vectors over the whole contiguous block, so narrow rows (10 classes) still fill them.
     */
    static void softmaxRows(float[] values, int rows, int cols, float[] tail) {
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, values[offset + j]);
            for (int j = 0; j < cols; j++) values[offset + j] -= max;
        }
        apply(Op.EXP, values, 0, rows * cols, tail);
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += values[offset + j];
            float inverse = 1f / sum;
            for (int j = 0; j < cols; j++) values[offset + j] *= inverse;
        }
    }

    /**
     * {@code op} on the one vector at {@code values[at]}. Each case stores its own result: a result merged from
     * several cases was boxed in JVMs whose profiles had seen every activation (TrapPollutionProbe).
     */
    static void applyAt(Op op, float[] values, int at) {
        if (op == Op.IDENTITY) return;
        FloatVector z = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, values, at));
        switch (op) {
            case SIGMOID:
                VECTOR_CLASS.cast(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                        .div(z.neg().lanewise(VectorOperators.EXP).add(1f))).intoArray(values, at);
                return;
            case TANH:
                VECTOR_CLASS.cast(z.lanewise(VectorOperators.TANH)).intoArray(values, at);
                return;
            case RELU:
                // not max(z, 0): that keeps NaN, and the scalar reference maps NaN to 0
                VECTOR_CLASS.cast(VECTOR_CLASS.cast(FloatVector.zero(SPECIES))
                        .blend(z, z.compare(VectorOperators.GT, 0f))).intoArray(values, at);
                return;
            default:
                VECTOR_CLASS.cast(z.lanewise(VectorOperators.EXP)).intoArray(values, at);
        }
    }

    /** {@code values[at] = op(values[at] + addend[at])} for one vector. */
    static void addAndApplyAt(Op op, float[] values, int at, float[] addend) {
        VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, values, at)).add(FloatVector.fromArray(SPECIES, addend, at))
                .intoArray(values, at);
        applyAt(op, values, at);
    }

    /** {@code delta[at] *= f'(output[at])} for one vector; each case stores its own result, as in {@link #applyAt}. */
    static void multiplyByDerivativeAt(Activation activation, float[] delta, int at, float[] output) {
        FloatVector d = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, delta, at));
        FloatVector a = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, output, at));
        switch (activation) {
            case SIGMOID:
                VECTOR_CLASS.cast(d.mul(a.mul(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f)).sub(a))))
                        .intoArray(delta, at);
                return;
            case TANH:
                VECTOR_CLASS.cast(d.mul(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f)).sub(a.mul(a))))
                        .intoArray(delta, at);
                return;
            case RELU:
                VECTOR_CLASS.cast(VECTOR_CLASS.cast(FloatVector.zero(SPECIES))
                        .blend(d, a.compare(VectorOperators.GT, 0f))).intoArray(delta, at);
                return;
            default:
                throw new IllegalArgumentException(activation + " has no derivative in a hidden layer");
        }
    }
}
