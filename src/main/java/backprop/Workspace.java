package backprop;

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
        if (maxRows <= 0) throw new IllegalArgumentException("batch size must be positive, got " + maxRows);
        this.maxRows = maxRows;
        int count = network.layerCount();
        activations = new float[count][];
        deltas = new float[count][];
        for (int l = 0; l < count; l++) {
            activations[l] = new float[maxRows * network.layerSize(l)];
            deltas[l] = l == 0 ? new float[0] : new float[maxRows * network.layerSize(l)];
        }
        targets = new float[maxRows * network.outputs()];
        batchLabels = new int[maxRows];
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
