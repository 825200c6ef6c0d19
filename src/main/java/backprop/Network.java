package backprop;

import backprop.kernel.Kernels;
import backprop.kernel.PackedWeights;

import java.util.Arrays;
import java.util.Random;

/**
 * A fully connected network: layer sizes, one activation per weight layer, and per layer a weight matrix
 * {@code layers[l] x layers[l+1]} (flat, row-major, like numpy's {@code W}) and a bias vector.
 * The arrays are the live parameters: the trainer updates them in place.
 */
public final class Network {

    private final int[] layers;
    private final Activation[] activations;
    private final float[][] weights;
    private final float[][] biases;
    private Normalization normalization;
    private Normalization targetNormalization;
    private ModelColumns columns = ModelColumns.NONE;

    /** A network with all-zero parameters; the arrays are validated for shape. */
    public Network(int[] layers, Activation[] activations) {
        validateShape(layers, activations);
        this.layers = layers.clone();
        this.activations = activations.clone();
        this.weights = new float[layers.length - 1][];
        this.biases = new float[layers.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = new float[layers[l] * layers[l + 1]];
            biases[l] = new float[layers[l + 1]];
        }
    }

    /** The number of weights and biases of a network of {@code layers}, counted without overflow. */
    public static long parameterCount(int[] layers) {
        long count = 0;
        for (int l = 0; l + 1 < layers.length; l++) count += (long) layers[l] * layers[l + 1] + layers[l + 1];
        return count;
    }

    /** A network with {@code hidden} on every hidden layer and {@code output} on the last, drawn by {@code init}. */
    public static Network create(int[] layers, Activation hidden, Activation output, Init init, long seed) {
        if (layers.length < 2) throw new IllegalArgumentException("a network needs at least 2 layer sizes");
        Activation[] activations = new Activation[layers.length - 1];
        Arrays.fill(activations, hidden);
        activations[activations.length - 1] = output;
        Network network = new Network(layers, activations);
        network.initialize(init, seed);
        return network;
    }

    /** Redraws every weight and bias from {@code seed} (biases are zero except for {@link Init#SKLEARN}). */
    public void initialize(Init init, long seed) {
        Random random = new Random(seed);
        for (int l = 0; l < weights.length; l++) {
            init.fill(weights[l], biases[l], layers[l], layers[l + 1], activations[0], random);
        }
    }

    private static void validateShape(int[] layers, Activation[] activations) {
        if (layers.length < 2) throw new IllegalArgumentException("a network needs at least 2 layer sizes");
        for (int l = 0; l < layers.length; l++) {
            if (layers[l] <= 0) {
                throw new IllegalArgumentException("layer size " + l + " is " + layers[l] + "; sizes must be positive");
            }
        }
        for (int l = 0; l + 1 < layers.length; l++) {
            long weightCount = (long) layers[l] * layers[l + 1];
            if (weightCount > HeapLimit.MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("layers " + l + " and " + (l + 1) + " (" + layers[l] + " x "
                        + layers[l + 1] + ") need " + weightCount + " weights, more than a Java array holds");
            }
        }
        if (activations.length != layers.length - 1) {
            throw new IllegalArgumentException("expected " + (layers.length - 1) + " activations for "
                    + layers.length + " layer sizes, got " + activations.length);
        }
        for (int l = 0; l < activations.length; l++) {
            if (activations[l] == null) throw new IllegalArgumentException("activation " + l + " is missing");
            if (l < activations.length - 1 && !activations[l].allowedInHiddenLayer()) {
                throw new IllegalArgumentException(activations[l].jsonName()
                        + " is only allowed on the output layer, not on hidden layer " + (l + 1));
            }
        }
    }

    /**
     * The forward pass: {@code activations[0]} holds {@code rows} input rows; each {@code activations[l+1]} receives
     * layer {@code l}'s output. The one forward loop that training, evaluation and prediction share.
     */
    public void forward(Kernels kernels, float[][] activations, int rows) {
        forward(kernels, activations, 0, rows);
    }

    /** {@link #forward(Kernels, float[][], int)} with the input rows starting at {@code inputOffset}. */
    public void forward(Kernels kernels, float[][] activations, int inputOffset, int rows) {
        for (int l = 0; l < weights.length; l++) {
            kernels.forward(activations[l], l == 0 ? inputOffset : 0, rows, layers[l], weights[l], biases[l],
                    layers[l + 1], this.activations[l], activations[l + 1]);
        }
    }

    /**
     * Each layer's weights packed by {@code kernels} ({@link Kernels#pack}) for {@link #forward(Kernels,
     * PackedWeights[], float[][], int, int)}: for a network whose weights no longer change, as a served model's.
     */
    public PackedWeights[] pack(Kernels kernels) {
        PackedWeights[] packed = new PackedWeights[weights.length];
        for (int l = 0; l < weights.length; l++) packed[l] = kernels.pack(weights[l], layers[l], layers[l + 1]);
        return packed;
    }

    /** {@link #forward(Kernels, float[][], int, int)} on the weights {@link #pack} made of this network's. */
    public void forward(Kernels kernels, PackedWeights[] packed, float[][] activations, int inputOffset, int rows) {
        for (int l = 0; l < weights.length; l++) {
            kernels.forward(activations[l], l == 0 ? inputOffset : 0, rows, packed[l], biases[l], this.activations[l],
                    activations[l + 1]);
        }
    }

    /** Outputs for {@code rows} input rows (already normalised), computed with {@code kernels}. Allocates. */
    public float[] predict(float[] inputs, int rows, Kernels kernels) {
        if (rows <= 0 || inputs.length < (long) rows * layers[0]) {
            throw new IllegalArgumentException(rows + " rows of " + layers[0] + " inputs do not fit " + inputs.length
                    + " floats");
        }
        float[][] buffers = new float[layers.length][];
        buffers[0] = inputs;
        for (int l = 1; l < layers.length; l++) buffers[l] = new float[rows * layers[l]];
        forward(kernels, buffers, rows);
        return buffers[layers.length - 1];
    }

    /** A deep copy, normalisation included. */
    public Network copy() {
        Network copy = new Network(layers, activations);
        copy.copyParametersFrom(this);
        copy.normalization = normalization;
        copy.targetNormalization = targetNormalization;
        copy.columns = columns;
        return copy;
    }

    /** Overwrites this network's parameters with {@code other}'s; the shapes must match. Does not allocate. */
    public void copyParametersFrom(Network other) {
        if (!Arrays.equals(layers, other.layers)) throw new IllegalArgumentException("networks differ in shape");
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(other.weights[l], 0, weights[l], 0, weights[l].length);
            System.arraycopy(other.biases[l], 0, biases[l], 0, biases[l].length);
        }
    }

    /** True when every weight and bias is a finite number. */
    public boolean isFinite() {
        for (int l = 0; l < weights.length; l++) {
            for (float w : weights[l]) if (!Float.isFinite(w)) return false;
            for (float b : biases[l]) if (!Float.isFinite(b)) return false;
        }
        return true;
    }

    /** The layer sizes, inputs first and outputs last. */
    public int[] layers() {
        return layers.clone();
    }

    /** The number of layers, the input layer included. */
    public int layerCount() {
        return layers.length;
    }

    /** The size of layer {@code l}, 0 being the inputs. */
    public int layerSize(int l) {
        return layers[l];
    }

    /** The input size. */
    public int inputs() {
        return layers[0];
    }

    /** The output size. */
    public int outputs() {
        return layers[layers.length - 1];
    }

    /** Number of weight layers. */
    public int depth() {
        return weights.length;
    }

    /** The activation of weight layer {@code l} (0 is the first hidden layer). */
    public Activation activation(int l) {
        return activations[l];
    }

    /** The activation of every weight layer, the output layer's last. */
    public Activation[] activations() {
        return activations.clone();
    }

    /** The live weight matrix of layer {@code l}. */
    public float[] weights(int l) {
        return weights[l];
    }

    /** The live bias vector of layer {@code l}. */
    public float[] biases(int l) {
        return biases[l];
    }

    /** The input normalisation stored with the model, or {@code null}. */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Sets the input scaling stored with the model and applied by {@code evaluate} and {@code predict}; {@code null}
     * for none.
     */
    public void setNormalization(Normalization normalization) {
        if (normalization != null && normalization.columns() != inputs()) {
            throw new IllegalArgumentException("normalization has " + normalization.columns()
                    + " columns but the network has " + inputs() + " inputs");
        }
        this.normalization = normalization;
    }

    /** Whether the network predicts numeric targets: its outputs are identity (regression), not class scores. */
    public boolean isRegression() {
        return activations[activations.length - 1] == Activation.IDENTITY;
    }

    /**
     * The standardisation of a regression network's targets, which its outputs are in and {@link
     * Normalization#undo} maps back to the targets' units; {@code null} for none.
     */
    public Normalization targetNormalization() {
        return targetNormalization;
    }

    /** Sets the scaling of the targets (regression only); {@code null} for none. */
    public void setTargetNormalization(Normalization normalization) {
        if (normalization != null && !isRegression()) {
            throw new IllegalArgumentException("only a regression network (identity outputs) has target normalization");
        }
        if (normalization != null && normalization.columns() != outputs()) {
            throw new IllegalArgumentException("target normalization has " + normalization.columns()
                    + " columns but the network has " + outputs() + " outputs");
        }
        this.targetNormalization = normalization;
    }

    /** The names of the model's inputs, label and classes, as far as they are known; never {@code null}. */
    public ModelColumns columns() {
        return columns;
    }

    /** The number of classes the outputs tell apart: two for a single (sigmoid) output, else one per output. */
    public int classCount() {
        return Math.max(2, outputs());
    }

    /**
     * Sets the names stored with the model, which {@code predict} and {@code evaluate} match data columns and write
     * class names by; {@link ModelColumns#NONE} for none.
     */
    public void setColumns(ModelColumns columns) {
        if (columns.hasInputNames() && columns.inputNames().size() != inputs()) {
            throw new IllegalArgumentException(columns.inputNames().size() + " input names for " + inputs()
                    + " inputs");
        }
        if (columns.labels().size() > (isRegression() ? outputs() : 1)
                || isRegression() && !columns.labels().isEmpty() && columns.labels().size() != outputs()) {
            throw new IllegalArgumentException(columns.labels().size() + " label names for "
                    + (isRegression() ? outputs() + " targets" : "a classifier"));
        }
        if (!columns.classNames().isEmpty() && isRegression()) {
            throw new IllegalArgumentException("a regression network has no class names");
        }
        if (!columns.classNames().isEmpty() && columns.classNames().size() != classCount()) {
            throw new IllegalArgumentException(columns.classNames().size() + " class names for " + classCount()
                    + " classes");
        }
        this.columns = columns;
    }

    /** For example {@code 2-4-1 sigmoid/sigmoid}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int l = 0; l < layers.length; l++) s.append(l == 0 ? "" : "-").append(layers[l]);
        s.append(' ');
        for (int l = 0; l < activations.length; l++) s.append(l == 0 ? "" : "/").append(activations[l].jsonName());
        return s.toString();
    }
}
