package backprop.cli;

import backprop.Activation;
import backprop.Init;
import backprop.Metrics;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.Workspace;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One training step of the XOR network, printed in the numpy example's four steps: forward pass, loss, backward pass,
 * update. Every number is read from a {@link Trainer} running on the scalar kernels (its workspace holds the
 * activations and deltas of the step, {@link Trainer#gradients} gives dW and db, and the new weights are those
 * {@link Trainer#epoch()} leaves), so what is printed is what the code does.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Runs one training step of the XOR network and prints the forward pass, the loss, the "
                + "backward pass and the update, with every matrix.")
public final class ExplainCommand implements Callable<Integer> {

    static final Init INIT = Init.defaultFor(Activation.SIGMOID);

    @Option(names = "--layers", split = ",", paramLabel = "SIZES",
            description = "Layer sizes from input to output; XOR needs 2 inputs and 1 output (default: 2,4,1).")
    int[] layers = {2, 4, 1};

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the start weights (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = TrainingConfig.DEFAULT_LEARNING_RATE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (layers.length < 2 || layers[0] != 2 || layers[layers.length - 1] != 1) {
            throw Checks.usage(spec, "--layers must start with 2 (the XOR inputs) and end with 1 (its output), got "
                    + Arrays.toString(layers).replaceAll("[\\[\\] ]", ""));
        }
        Checks.layerSizes(spec, "--layers", layers);
        Checks.positiveFinite(spec, "--lr", learningRate);
        Checks.networkFits(layers, XorCommand.dataset().rows());
        Network network = Network.create(layers, Activation.SIGMOID, Activation.SIGMOID, INIT, seed);
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(learningRate);
        explain(network, XorCommand.dataset(), config, spec.commandLine().getOut());
        return Main.OK;
    }

    /** Runs one full-batch step of {@code network} on {@code data} and prints it; the network is left updated. */
    void explain(Network network, Dataset data, TrainingConfig config, PrintWriter out) {
        int depth = network.depth();
        int m = data.rows();
        Network start = network.copy();
        Trainer trainer = new Trainer(network, data, new ScalarKernels(), config);
        float[][] weightGrads = new float[depth][];
        float[][] biasGrads = new float[depth][];
        for (int l = 0; l < depth; l++) {
            weightGrads[l] = new float[network.weights(l).length];
            biasGrads[l] = new float[network.biases(l).length];
        }
        // forward and backward without the update: the workspace and gradients hold the step before it lands
        trainer.gradients(0, m, weightGrads, biasGrads);
        float[][] activations = new float[depth + 1][];
        float[][] deltas = new float[depth + 1][];
        Workspace workspace = trainer.workspace();
        for (int l = 0; l <= depth; l++) {
            activations[l] = Arrays.copyOf(workspace.activations(l), m * network.layerSize(l));
            deltas[l] = Arrays.copyOf(workspace.deltas(l), l == 0 ? 0 : m * network.layerSize(l));
        }
        // the same forward and backward again, then the update: exactly what training does
        Metrics metrics = trainer.epoch();

        out.printf(Locale.ROOT, "One training step of a %s network on the XOR table, on the scalar kernels.%n",
                network.describe());
        out.printf(Locale.ROOT, "Start weights: %s, seed %d, biases zero. Learning rate %s. Full batch: m = %d rows.%n",
                INIT.cliName(), seed, config.learningRate(), m);
        out.println();
        printMatrix(out, "X", "the inputs, one row per example", data.features(), m, network.inputs());
        printMatrix(out, "y", "the targets", data.targets(), m, network.outputs());

        out.println();
        out.println("1. Forward pass: each layer is z = a·W + b, then a = sigmoid(z)");
        for (int l = 0; l < depth; l++) {
            int inputs = network.layerSize(l);
            int outputs = network.layerSize(l + 1);
            String below = l == 0 ? "X" : "a" + l;
            float[] z = preActivation(activations[l], m, inputs, start.weights(l), start.biases(l), outputs);
            printMatrix(out, "W" + (l + 1), null, start.weights(l), inputs, outputs);
            printMatrix(out, "b" + (l + 1), null, start.biases(l), 1, outputs);
            printMatrix(out, "z" + (l + 1), below + " · W" + (l + 1) + " + b" + (l + 1), z, m, outputs);
            printMatrix(out, "a" + (l + 1), "sigmoid(z" + (l + 1) + ")", activations[l + 1], m, outputs);
        }

        String output = "a" + depth;
        out.println();
        out.println("2. Loss");
        out.printf(Locale.ROOT, "loss = mean((%s - y)^2) = %.6f   (the numpy example's loss, the one xor prints)%n",
                output, metrics.mse());
        out.printf(Locale.ROOT, "cross-entropy = -mean(y·log %s + (1 - y)·log(1 - %s)) = %.6f"
                + "   (the loss whose gradient the step follows)%n", output, output, metrics.crossEntropy());

        out.println();
        out.println("3. Backward pass: the chain rule, from the output down");
        for (int l = depth - 1; l >= 0; l--) {
            int inputs = network.layerSize(l);
            int outputs = network.layerSize(l + 1);
            String layer = Integer.toString(l + 1);
            String below = l == 0 ? "X" : "a" + l;
            String deltaRule = l == depth - 1
                    ? output + " - y   (cross-entropy through the sigmoid: dL/dz = a - y)"
                    : "(dz" + (l + 2) + " · W" + (l + 2) + "^T) ⊙ a" + layer + "(1 - a" + layer + ")";
            printMatrix(out, "dz" + layer, deltaRule, deltas[l + 1], m, outputs);
            printMatrix(out, "dW" + layer, below + "^T · dz" + layer + " / m", weightGrads[l], inputs, outputs);
            printMatrix(out, "db" + layer, "column sums of dz" + layer + " / m", biasGrads[l], 1, outputs);
        }

        out.println();
        out.printf(Locale.ROOT, "4. Update: W = W - lr·dW, b = b - lr·db with lr = %s%n", config.learningRate());
        for (int l = 0; l < depth; l++) {
            int inputs = network.layerSize(l);
            int outputs = network.layerSize(l + 1);
            String layer = Integer.toString(l + 1);
            printMatrix(out, "old W" + layer, null, start.weights(l), inputs, outputs);
            printMatrix(out, "new W" + layer, null, network.weights(l), inputs, outputs);
            printMatrix(out, "old b" + layer, null, start.biases(l), 1, outputs);
            printMatrix(out, "new b" + layer, null, network.biases(l), 1, outputs);
        }
        out.flush();
    }

    /**
     * {@code z = a·W + b}. The forward kernel applies the activation as it goes and never keeps {@code z}, so it is
     * recomputed here, summed in the kernel's order so that {@code sigmoid(z)} is exactly the kernel's {@code a}.
     */
    static float[] preActivation(float[] input, int rows, int inputs, float[] weights, float[] bias, int outputs) {
        float[] z = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outputs; j++) {
                float sum = bias[j];
                for (int k = 0; k < inputs; k++) sum += input[r * inputs + k] * weights[k * outputs + j];
                z[r * outputs + j] = sum;
            }
        }
        return z;
    }

    /** Prints {@code name (rows x columns) = rule}, then the matrix one row per line. */
    static void printMatrix(PrintWriter out, String name, String rule, float[] values, int rows, int columns) {
        out.printf(Locale.ROOT, "%s (%dx%d)%s%n", name, rows, columns, rule == null ? "" : " = " + rule);
        out.print(formatMatrix(values, rows, columns));
    }

    /** The rows of a matrix as printed, six decimals, one row per line. */
    static String formatMatrix(float[] values, int rows, int columns) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            s.append("  [");
            for (int c = 0; c < columns; c++) s.append(String.format(Locale.ROOT, " %10.6f", values[r * columns + c]));
            s.append(" ]").append(System.lineSeparator());
        }
        return s.toString();
    }
}
