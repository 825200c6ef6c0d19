package backprop;

import backprop.data.Dataset;

/**
 * Every buffer a training step needs, allocated once for a network shape and the largest batch, so that
 * training allocates nothing. {@code activations[0]} is the batch's inputs, {@code activations[l+1]} the output of
 * weight layer {@code l}; {@code deltas[l]} is the loss gradient with respect to the pre-activation of
 * {@code activations[l]} ({@code deltas[0]} is unused: nothing learns from the input's gradient).
 */
public final class Workspace {

    final int maxRows;
    final float[][] activations;
    final float[][] deltas;
    final float[] targets;
    final int[] batchLabels;

    public Workspace(Network network, int maxRows) {
        this(network, maxRows, null);
    }

    /**
     * A workspace for batches of up to {@code maxRows} whose input, target and label buffers are the dataset's own
     * arrays: batches in file order are read where they lie (at a row offset) instead of being copied. With
     * {@code data == null} it has buffers of its own.
     */
    public Workspace(Network network, int maxRows, Dataset data) {
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
