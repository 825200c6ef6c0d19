package backprop.kernel.vector;

import backprop.ModelFile;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 50 epochs of the golden digits run (64-32-10 sigmoid/softmax, batch 64, lr 0.2, from the golden start) end within
 * 1e-4 of each other on the scalar and the vector backend, epoch losses and every final weight and bias.
 */
@Tag("vector-equivalence")
class VectorTrainingEquivalenceTest {

    private static final int EPOCHS = 50;
    private static final double TOLERANCE = 1e-4;

    @Test
    void fiftyDigitsEpochsAgreeOnScalarAndVector() throws IOException {
        Dataset digits = readDigits();
        Network onScalar = startNetwork();
        Network onVector = startNetwork();
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(0.2f).withBatchSize(64);
        Trainer scalarTrainer = new Trainer(onScalar, digits, new ScalarKernels(), config);
        Trainer vectorTrainer = new Trainer(onVector, digits, new VectorKernels(), config);

        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double scalarLoss = scalarTrainer.epoch().mse();
            double vectorLoss = vectorTrainer.epoch().mse();
            assertEquals(scalarLoss, vectorLoss, TOLERANCE, "mse of epoch " + epoch);
            if (epoch == 0) firstLoss = scalarLoss;
            lastLoss = scalarLoss;
        }
        assertTrue(lastLoss < firstLoss / 2, "the run should actually learn: mse " + firstLoss + " -> " + lastLoss);

        for (int l = 0; l < onScalar.depth(); l++) {
            assertArraysClose(onScalar.weights(l), onVector.weights(l), "weights of layer " + l);
            assertArraysClose(onScalar.biases(l), onVector.biases(l), "biases of layer " + l);
        }
    }

    private static void assertArraysClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOLERANCE, what + " at " + i);
    }

    private static Network startNetwork() throws IOException {
        return ModelFile.parse(resource("digits-softmax-init.json"), "digits-softmax-init.json");
    }

    /** digits-scaled.csv: a header p0..p63,label, then 64 pixel values and the class per row. */
    private static Dataset readDigits() throws IOException {
        List<String> lines = resource("digits-scaled.csv").lines().filter(line -> !line.isBlank()).toList();
        int rows = lines.size() - 1;
        int inputs = lines.get(0).split(",").length - 1;
        float[] features = new float[rows * inputs];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1).split(",");
            for (int k = 0; k < inputs; k++) features[r * inputs + k] = Float.parseFloat(cells[k]);
            labels[r] = Integer.parseInt(cells[inputs].trim());
        }
        return Dataset.classification(features, labels, rows, inputs, 10, false);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VectorTrainingEquivalenceTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IOException("missing test resource golden/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
