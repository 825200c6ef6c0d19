package backprop;

import backprop.kernel.ScalarKernels;

import java.util.Random;

/** Networks and raw rows for the tests of what runs a trained model: export and {@code Predictor}. */
public final class TestNetworks {

    private TestNetworks() {
    }

    /**
     * What {@code predict} computes: the stored normalisation applied to a copy, the forward pass, and a regression
     * network's target standardisation undone.
     */
    public static float[] predict(Network network, float[] rawRows) {
        int rows = rawRows.length / network.inputs();
        float[] inputs = rawRows.clone();
        if (network.normalization() != null) network.normalization().apply(inputs, rows);
        float[] outputs = network.predict(inputs, rows, new ScalarKernels());
        if (network.targetNormalization() != null) network.targetNormalization().undo(outputs, rows);
        return outputs;
    }

    /** Start weights with non-zero biases, so that every initializer reaches the outputs. */
    public static Network network(int[] layers, Activation hidden, Activation output, long seed) {
        Network network = Network.create(layers, hidden, output, Init.XAVIER, seed);
        Random random = new Random(seed);
        for (int l = 0; l < network.depth(); l++) {
            float[] biases = network.biases(l);
            for (int j = 0; j < biases.length; j++) biases[j] = (float) random.nextGaussian() * 0.5f;
        }
        return network;
    }

    /** Raw features of very different ranges per column, as data files have them before normalisation. */
    public static float[] rawRows(int rows, int columns, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float range = (float) Math.pow(10, c % 4 - 1);
                values[r * columns + c] = (c - 2) * range + (float) random.nextGaussian() * range;
            }
        }
        return values;
    }

    /** A regression network (identity outputs) whose targets were standardised, as {@code --normalize-targets} does. */
    public static Network regression(int[] layers, Activation hidden, long seed) {
        Network network = network(layers, hidden, Activation.IDENTITY, seed);
        int outputs = network.outputs();
        float[] targets = rawRows(50, outputs, seed + 1);
        network.setTargetNormalization(Normalization.fit(Normalization.Method.STANDARD, targets, 50, outputs));
        return network;
    }
}
