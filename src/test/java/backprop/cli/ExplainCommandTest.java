package backprop.cli;

import backprop.Activation;
import backprop.Metrics;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainCommandTest {

    private static final String NL = System.lineSeparator();

    private static CommandRun explain(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "explain";
        System.arraycopy(args, 0, line, 1, args.length);
        return CommandRun.of(line);
    }

    /** The same start the command draws, trained one step by a trainer of its own. */
    private static Network startNetwork(int[] layers, long seed) {
        return Network.create(layers, Activation.SIGMOID, Activation.SIGMOID, ExplainCommand.INIT, seed);
    }

    private static void assertInOrder(String text, List<String> parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "missing, or out of order: '" + part + "' in" + NL + text);
            from = at + part.length();
        }
    }

    private static String block(String heading, float[] values, int rows, int columns) {
        return heading + NL + ExplainCommand.formatMatrix(values, rows, columns);
    }

    @Test
    void printsTheFourStepsInTheListingsOrderWithShapesAndChainRules() {
        CommandRun run = explain();
        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(), List.of(
                "2-4-1 sigmoid/sigmoid",
                "1. Forward pass",
                "z1 (4x4) = X · W1 + b1", "a1 (4x4) = sigmoid(z1)", "z2 (4x1) = a1 · W2 + b2", "a2 (4x1) = sigmoid(z2)",
                "2. Loss", "loss = mean((a2 - y)^2) = ",
                "3. Backward pass",
                "dz2 (4x1) = a2 - y", "dW2 (4x1) = a1^T · dz2 / m", "db2 (1x1) = column sums of dz2 / m",
                "dz1 (4x4) = (dz2 · W2^T) ⊙ a1(1 - a1)", "dW1 (2x4) = X^T · dz1 / m", "db1 (1x4) = column sums of dz1 / m",
                "4. Update",
                "old W1 (2x4)", "new W1 (2x4)", "old b1 (1x4)", "new b1 (1x4)",
                "old W2 (4x1)", "new W2 (4x1)", "old b2 (1x1)", "new b2 (1x1)"));
    }

    @Test
    void itsNumbersAreThoseOfOneTrainerStep() {
        CommandRun run = explain("--seed", "11", "--lr", "0.5");
        assertEquals(0, run.exit(), run.err());
        assertMatchesOneTrainerStep(run.out(), new int[] {2, 4, 1}, 11, 0.5f);
    }

    @Test
    void anyDepthIsExplainedAndMatchesTheTrainer() {
        CommandRun run = explain("--layers", "2,3,5,1", "--seed", "3");
        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(), List.of("z3 (4x1) = a2 · W3 + b3", "a3 (4x1) = sigmoid(z3)", "dz3 (4x1) = a3 - y",
                "dz2 (4x5) = (dz3 · W3^T) ⊙ a2(1 - a2)", "dz1 (4x3) = (dz2 · W2^T) ⊙ a1(1 - a1)", "new W3 (5x1)"));
        assertMatchesOneTrainerStep(run.out(), new int[] {2, 3, 5, 1}, 3, TrainingConfig.DEFAULT_LEARNING_RATE);
    }

    private static void assertMatchesOneTrainerStep(String out, int[] layers, long seed, float lr) {
        Dataset xor = XorCommand.dataset();
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(lr);
        Network network = startNetwork(layers, seed);
        int depth = network.depth();
        int m = xor.rows();

        float[] outputs = network.predict(xor.features(), m, new ScalarKernels());
        assertTrue(out.contains(block("a" + depth + " (4x1) = sigmoid(z" + depth + ")", outputs, m, 1)), "forward");

        Network forGradients = network.copy();
        float[][] dW = new float[depth][];
        float[][] db = new float[depth][];
        for (int l = 0; l < depth; l++) {
            dW[l] = new float[network.weights(l).length];
            db[l] = new float[network.biases(l).length];
        }
        new Trainer(forGradients, xor, new ScalarKernels(), config).gradients(0, m, dW, db);

        Metrics metrics = new Trainer(network, xor, new ScalarKernels(), config).epoch();
        assertTrue(out.contains(String.format(Locale.ROOT, "loss = mean((a%d - y)^2) = %.6f", depth, metrics.mse())),
                "loss");
        for (int l = 0; l < depth; l++) {
            int inputs = layers[l];
            int outs = layers[l + 1];
            String shape = " (" + inputs + "x" + outs + ")";
            String bias = " (1x" + outs + ")";
            int n = l + 1;
            assertTrue(out.contains(block("dW" + n + shape + " = " + (l == 0 ? "X" : "a" + l) + "^T · dz" + n + " / m",
                    dW[l], inputs, outs)), "dW" + n);
            assertTrue(out.contains(block("db" + n + bias + " = column sums of dz" + n + " / m", db[l], 1, outs)),
                    "db" + n);
            assertTrue(out.contains(block("new W" + n + shape, network.weights(l), inputs, outs)), "new W" + n);
            assertTrue(out.contains(block("new b" + n + bias, network.biases(l), 1, outs)), "new b" + n);
        }
    }

    @Test
    void theRecomputedPreActivationIsExactlyWhatTheKernelActivated() {
        Network network = startNetwork(new int[] {2, 4, 1}, 5);
        Dataset xor = XorCommand.dataset();
        float[] hidden = new float[4 * 4];
        new ScalarKernels().forward(xor.features(), 0, 4, 2, network.weights(0), network.biases(0), 4,
                Activation.SIGMOID, hidden);
        float[] z = ExplainCommand.preActivation(xor.features(), 4, 2, network.weights(0), network.biases(0), 4);
        for (int i = 0; i < z.length; i++) assertEquals(hidden[i], Activation.SIGMOID.apply(z[i]), 0f, "element " + i);
    }

    @Test
    void layersThatDoNotFitXorAreAOneLineUsageError() {
        CommandRun run = explain("--layers", "3,4,1");
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("explain: --layers must start with 2 (the XOR inputs) and end with 1 (its output), got 3,4,1"),
                run.err());
        CommandRun zero = explain("--layers", "2,0,1");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().startsWith("explain: --layers: layer sizes must be positive, got 0"), zero.err());
    }

    @Test
    void aLearningRateThatIsNotPositiveIsAUsageError() {
        CommandRun run = explain("--lr", "-1");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("explain: --lr must be a positive finite number"), run.err());
    }
}
