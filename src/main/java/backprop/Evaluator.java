package backprop;

import backprop.data.Dataset;
import backprop.kernel.Kernels;

/** Loss and accuracy of a network on a dataset, computed in batches through the same forward kernels. */
public final class Evaluator {

    private static final int BATCH = 256;

    private Evaluator() {
    }

    /** Metrics of {@code network} on every row of {@code data} (inputs already normalised). Allocates its buffers. */
    public static Metrics evaluate(Network network, Dataset data, Kernels kernels) {
        Metrics metrics = new Metrics();
        int rows = data.rows();
        int batch = Math.min(BATCH, rows);
        // batches are read where they lie in the data
        Workspace workspace = new Workspace(network, batch, data);
        int inputs = data.inputs();
        int outputs = data.outputs();
        int last = network.depth();
        for (int start = 0; start < rows; start += batch) {
            int m = Math.min(batch, rows - start);
            network.forward(kernels, workspace.activations, start * inputs, m);
            float squaredError = kernels.outputDelta(workspace.activations[last], data.targets(), start * outputs,
                    m * outputs, workspace.deltas[last]);
            metrics.addSquaredError(squaredError, m, outputs);
            if (data.isClassification()) {
                metrics.addClassification(workspace.activations[last], data.targets(), data.labels(), start, m,
                        outputs, network.activation(last - 1));
            }
        }
        return metrics;
    }
}
