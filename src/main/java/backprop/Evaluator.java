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
        evaluate(network, data, kernels, workspaceFor(network, data), metrics);
        return metrics;
    }

    private static void checkShape(Network network, Dataset data) {
        if (data.inputs() != network.inputs() || data.outputs() != network.outputs()) {
            throw new IllegalArgumentException("the data has " + data.inputs() + " inputs and " + data.outputs()
                    + " outputs a row, the network " + network.inputs() + " and " + network.outputs());
        }
    }

    /** A workspace for {@link #evaluate(Network, Dataset, Kernels, Workspace, Metrics)} that reads batches in place. */
    public static Workspace workspaceFor(Network network, Dataset data) {
        return new Workspace(network, Math.min(BATCH, data.rows()), data);
    }

    /**
     * The metrics of every row of {@code data} into {@code metrics} (reset first), through {@code workspace} from
     * {@link #workspaceFor} for this data: allocates nothing, so that a trainer can validate every epoch.
     */
    public static void evaluate(Network network, Dataset data, Kernels kernels, Workspace workspace, Metrics metrics) {
        if (workspace.activations[0] != data.features()) {
            throw new IllegalArgumentException("the workspace was not made for this data (see workspaceFor)");
        }
        checkShape(network, data);
        metrics.reset();
        int rows = data.rows();
        int batch = workspace.maxRows;
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
    }
}
