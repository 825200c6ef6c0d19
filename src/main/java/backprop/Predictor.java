package backprop;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.kernel.PackedWeights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model for serving: outputs for raw feature rows, as {@code predict} computes them (the stored
 * normalisation applied first, and a regression model's outputs in its targets' units). One instance serves any
 * number of threads at once. They share its one network and a copy of its weights packed for the kernels
 * ({@link Kernels#pack}: the model's size again in memory), which nothing changes after construction; each thread has its own scratch (the normalised copy of its rows, every
 * layer's outputs, and kernels, which keep buffers of their own), made on its first call and reused after, so a call
 * allocates nothing once its thread has made one of the same or a larger batch. The kernels are the vector ones when
 * {@code jdk.incubator.vector} is loaded and C2 is on, the scalar ones otherwise.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(Path.of("digits-model.json"));
 * float[] out = new float[predictor.outputs()];
 * predictor.predict(row, out);
 * }</pre>
 */
public final class Predictor {

    /**
     * Rows per forward pass: a larger call runs in slices of this many, so that a thread's scratch stays bounded
     * (and in cache) whatever the batch.
     */
    public static final int MAX_ROWS_PER_PASS = 256;

    private final Network network;
    private final Backend backend;
    private final List<String> classNames;
    private final ThreadLocal<Scratch> scratch;
    /** Each layer's weights in the layout the kernels read fastest, made once and read by every thread. */
    private final PackedWeights[] packed;

    /**
     * Takes {@code network} as its own. On the vector kernels, where the normalisation folds into the first layer
     * ({@link Normalization#foldsIntoWeights}), it is folded there, so that a call multiplies the caller's rows where
     * they lie instead of copying and scaling them first; the outputs move by rounding of the size the vector sums'
     * order already brings. The scalar kernels keep {@code predict}'s arithmetic exactly.
     */
    private Predictor(Network network, Backend backend) {
        Normalization input = network.normalization();
        if (backend == Backend.VECTOR && input != null && input.foldsIntoWeights()) {
            input.foldInto(network.weights(0), network.biases(0), network.layerSize(1));
            network.setNormalization(null);
        }
        this.network = network;
        this.backend = backend;
        this.packed = network.pack(KernelProvider.create(backend));
        this.classNames = network.columns().classNames();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(network, backend));
    }

    /**
     * The model saved in {@code path} (by {@code train --save} or {@link ModelFile#write}).
     *
     * @throws IOException if the file cannot be read or is not a model file
     */
    public static Predictor load(Path path) throws IOException {
        return new Predictor(ModelFile.read(path), defaultBackend());
    }

    /** A predictor of a copy of {@code network}, so that training it further does not change what this predicts. */
    public static Predictor of(Network network) {
        return of(network, defaultBackend());
    }

    /** As {@link #of(Network)} on the kernels of {@code backend} ({@link Backend#VECTOR} fails without the module). */
    public static Predictor of(Network network, Backend backend) {
        if (backend == Backend.AUTO) backend = defaultBackend();
        if (backend == Backend.VECTOR) KernelProvider.create(Backend.VECTOR); // fails now, not on a serving thread
        return new Predictor(network.copy(), backend);
    }

    /** Vector where it can run, without the line on stderr that the command line prints when it cannot. */
    private static Backend defaultBackend() {
        return KernelProvider.whyVectorUnavailable().isEmpty() ? Backend.VECTOR : Backend.SCALAR;
    }

    /** The number of features in a row. */
    public int inputs() {
        return network.inputs();
    }

    /** The number of outputs per row. */
    public int outputs() {
        return network.outputs();
    }

    /**
     * The class of each output in order (two for a single sigmoid output: class 0, then class 1, whose probability
     * the output is), as the model file stores them; empty when it names none, as for classes that are the numbers
     * 0, 1, ... and for regression.
     */
    public List<String> classNames() {
        return classNames;
    }

    /** The kernels this predictor computes with: {@code vector} or {@code scalar}. */
    public Backend backend() {
        return backend;
    }

    /** For example {@code 64-32-10 sigmoid/softmax}. */
    public String describe() {
        return network.describe();
    }

    /**
     * The outputs for one row of raw features: {@code out[0..outputs())} is written, {@code row} is only read.
     *
     * @throws IllegalArgumentException if {@code row} does not have {@link #inputs()} values or {@code out} is
     *                                  shorter than {@link #outputs()}
     */
    public void predict(float[] row, float[] out) {
        if (row.length != inputs()) {
            throw new IllegalArgumentException("a row needs " + inputs() + " features, got " + row.length);
        }
        if (out.length < outputs()) {
            throw new IllegalArgumentException("out needs room for " + outputs() + " outputs, has " + out.length);
        }
        predict(row, 1, out);
    }

    /**
     * The outputs for {@code count} rows of raw features, {@code rows} row-major: row {@code r} is
     * {@code rows[r * inputs() .. (r + 1) * inputs())} and its outputs go to
     * {@code out[r * outputs() .. (r + 1) * outputs())}. {@code rows} is only read.
     *
     * @throws IllegalArgumentException if {@code count} is negative, {@code rows} holds fewer than
     *                                  {@code count * inputs()} values or {@code out} fewer than
     *                                  {@code count * outputs()}
     */
    public void predict(float[] rows, int count, float[] out) {
        int inputs = inputs();
        int outputs = outputs();
        if (count < 0) throw new IllegalArgumentException("count must not be negative, got " + count);
        if ((long) count * inputs > rows.length) {
            throw new IllegalArgumentException(count + " rows of " + inputs + " features need " + (long) count * inputs
                    + " values, but rows has " + rows.length);
        }
        if ((long) count * outputs > out.length) {
            throw new IllegalArgumentException(count + " rows of " + outputs + " outputs need " + (long) count * outputs
                    + " values, but out has " + out.length);
        }
        Scratch s = scratch.get();
        for (int start = 0; start < count; start += MAX_ROWS_PER_PASS) {
            int slice = Math.min(MAX_ROWS_PER_PASS, count - start);
            s.forward(network, packed, rows, start * inputs, slice, out, start * outputs);
        }
    }

    /** One thread's buffers and kernels; never seen by another thread. */
    private static final class Scratch {
        private final Kernels kernels;
        /**
         * {@code layers[0]} the rows the first layer reads (the caller's own rows during a call, where nothing
         * normalises them), {@code layers[l + 1]} weight layer {@code l}'s outputs.
         */
        private final float[][] layers;
        /** The normalised copy of a call's rows; null where the normalisation folded into the first layer. */
        private final float[] normalized;
        /** The input normalisation where it did not fold into the first layer; null otherwise. */
        private final Normalization normalization;
        /** A regression network's target standardisation, undone on its outputs; null for none. */
        private final Normalization targets;

        Scratch(Network network, Backend backend) {
            kernels = KernelProvider.create(backend);
            layers = new float[network.layerCount()][];
            for (int l = 1; l < layers.length; l++) layers[l] = new float[MAX_ROWS_PER_PASS * network.layerSize(l)];
            normalization = network.normalization();
            normalized = normalization == null ? null : new float[MAX_ROWS_PER_PASS * network.inputs()];
            targets = network.targetNormalization();
        }

        void forward(Network network, PackedWeights[] packed, float[] rows, int rowsOffset, int count, float[] out,
                     int outOffset) {
            if (normalization == null) {
                layers[0] = rows;
                network.forward(kernels, packed, layers, rowsOffset, count);
                layers[0] = null; // the caller's rows are not kept past the call
            } else {
                System.arraycopy(rows, rowsOffset, normalized, 0, count * network.inputs());
                normalization.apply(normalized, count);
                layers[0] = normalized;
                network.forward(kernels, packed, layers, 0, count);
            }
            float[] outputs = layers[layers.length - 1];
            if (targets != null) targets.undo(outputs, count);
            System.arraycopy(outputs, 0, out, outOffset, count * network.outputs());
        }
    }
}
