package backprop;

import backprop.data.Dataset;
import backprop.kernel.AdamStep;

/**
 * Every buffer a training step needs, allocated once for a network shape and the largest batch, so that
 * training allocates nothing. {@code activations[0]} is the batch's inputs, {@code activations[l+1]} the output of
 * weight layer {@code l}; {@code deltas[l]} is the loss gradient with respect to the pre-activation of
 * {@code activations[l]} ({@code deltas[0]} is unused: nothing learns from the input's gradient).
 *
 * <p>It also holds the optimizer's state, one array per weight matrix and per bias vector: SGD's momentum buffers
 * (in {@code weightMoments}, {@code biasMoments}), or Adam's gradients, first and second moments and step count;
 * and with early stopping the parameters of the best epoch.
 */
public final class Workspace {

    final int maxRows;
    final float[][] activations;
    final float[][] deltas;
    final float[] targets;
    final int[] batchLabels;
    /** Adam's gradient buffers; null for SGD, whose gradients go straight into the weights or the momentum. */
    final float[][] weightGradients;
    final float[][] biasGradients;
    /** SGD's momentum buffers or Adam's first moments; null when neither is used. */
    final float[][] weightMoments;
    final float[][] biasMoments;
    /** Adam's second moments; null for SGD. */
    final float[][] weightSquares;
    final float[][] biasSquares;
    /** The parameters of the best epoch so far, kept for early stopping; null without it. */
    final float[][] bestWeights;
    final float[][] bestBiases;
    final AdamStep adamStep = new AdamStep();
    /** Optimizer steps taken, Adam's {@code t}. */
    int optimizerSteps;

    public Workspace(Network network, int maxRows) {
        this(network, maxRows, null);
    }

    /**
     * A workspace for batches of up to {@code maxRows} whose input, target and label buffers are the dataset's own
     * arrays: batches in file order are read where they lie (at a row offset) instead of being copied. With
     * {@code data == null} it has buffers of its own.
     */
    public Workspace(Network network, int maxRows, Dataset data) {
        this(network, maxRows, data, TrainingConfig.defaults());
    }

    /** A workspace as above that also holds the state of {@code config}'s optimizer. */
    public Workspace(Network network, int maxRows, Dataset data, TrainingConfig config) {
        if (maxRows <= 0) throw new IllegalArgumentException("batch size must be positive, got " + maxRows);
        this.maxRows = maxRows;
        int count = network.layerCount();
        activations = new float[count][];
        deltas = new float[count][];
        for (int l = 0; l < count; l++) {
            activations[l] = l == 0 && data != null ? data.features() : new float[maxRows * network.layerSize(l)];
            deltas[l] = l == 0 ? new float[0] : new float[maxRows * network.layerSize(l)];
        }
        targets = data != null ? data.targets() : new float[maxRows * network.outputs()];
        batchLabels = data != null && data.labels() != null ? data.labels() : new int[maxRows];
        boolean adam = config.optimizer().isAdam();
        weightGradients = adam ? parameterShaped(network, true) : null;
        biasGradients = adam ? parameterShaped(network, false) : null;
        weightMoments = adam || config.usesMomentum() ? parameterShaped(network, true) : null;
        biasMoments = adam || config.usesMomentum() ? parameterShaped(network, false) : null;
        weightSquares = adam ? parameterShaped(network, true) : null;
        biasSquares = adam ? parameterShaped(network, false) : null;
        bestWeights = config.earlyStopping() ? parameterShaped(network, true) : null;
        bestBiases = config.earlyStopping() ? parameterShaped(network, false) : null;
    }

    /** Zeroed arrays shaped like the network's weights (or biases), one per weight layer. */
    private static float[][] parameterShaped(Network network, boolean weights) {
        float[][] arrays = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            arrays[l] = new float[weights ? network.weights(l).length : network.biases(l).length];
        }
        return arrays;
    }

    /** The buffer that holds layer {@code l}'s activations for the current batch ({@code 0} is the input). */
    public float[] activations(int l) {
        return activations[l];
    }

    /** The buffer that holds the delta of layer {@code l}'s pre-activation for the current batch. */
    public float[] deltas(int l) {
        return deltas[l];
    }

    public float[] targets() {
        return targets;
    }

    public int maxRows() {
        return maxRows;
    }
}
