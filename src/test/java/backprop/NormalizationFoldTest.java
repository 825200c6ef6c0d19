package backprop;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Normalization#foldInto}: a first layer that reads raw rows as the normalised layer reads scaled ones. */
class NormalizationFoldTest {

    private static final int[] LAYERS = {30, 24, 3};

    /** Pixel-like columns: 0 to 255, some never above 40, one constant. */
    private static float[] pixelRows(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * LAYERS[0]];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < LAYERS[0]; c++) {
                float top = c == 0 ? 0 : c % 3 == 0 ? 40 : 255;
                values[r * LAYERS[0] + c] = (float) Math.floor(random.nextFloat() * (top + 1));
            }
        }
        return values;
    }

    @Test
    void foldedWeightsGiveTheNormalisedLayersOutputs() {
        float[] rows = pixelRows(200, 1);
        for (Normalization.Method method : new Normalization.Method[] {Normalization.Method.MINMAX,
                Normalization.Method.STANDARD}) {
            Network network = TestNetworks.network(LAYERS, Activation.SIGMOID, Activation.SOFTMAX, 2);
            Normalization normalization = Normalization.fit(method, rows, 200, LAYERS[0]);
            if (method == Normalization.Method.MINMAX) {
                assertTrue(normalization.foldsIntoWeights(), "min-max columns that start at 0 fold");
            }
            network.setNormalization(normalization);
            float[] expected = TestNetworks.predict(network, rows);

            Network folded = network.copy();
            if (normalization.foldsIntoWeights()) {
                normalization.foldInto(folded.weights(0), folded.biases(0), LAYERS[1]);
                folded.setNormalization(null);
                assertArrayEquals(expected, TestNetworks.predict(folded, rows), 1e-5f, method.jsonName());
            }
        }
    }

    @Test
    void aColumnFarFromZeroDoesNotFold() {
        // years: a folded bias would cancel four digits against the weights
        float[] shift = {2000f, 0f};
        float[] scale = {0.5f, 1f};
        assertFalse(new Normalization(Normalization.Method.STANDARD, shift, scale).foldsIntoWeights());
        assertTrue(new Normalization(Normalization.Method.STANDARD, new float[] {8f, -0.5f}, scale)
                .foldsIntoWeights());
        assertFalse(new Normalization(Normalization.Method.STANDARD, new float[] {Float.NaN, 0f}, scale)
                .foldsIntoWeights());
    }

    @Test
    void aVectorPredictorGivesPredictsOutputsWhetherOrNotItFolds() {
        assumeTrue(KernelProvider.whyVectorUnavailable().isEmpty(),
                "vector backend not available: " + KernelProvider.whyVectorUnavailable().orElse(""));
        float[] pixels = pixelRows(300, 3);
        float[] years = pixelRows(300, 4);
        for (int i = 1; i < years.length; i += LAYERS[0]) years[i] += 2000; // one column far from zero
        for (float[] rows : new float[][] {pixels, years}) {
            Network network = TestNetworks.network(LAYERS, Activation.TANH, Activation.SIGMOID, 5);
            network.setNormalization(Normalization.fit(Normalization.Method.STANDARD, rows, 300, LAYERS[0]));
            assertEquals(rows == pixels, network.normalization().foldsIntoWeights());
            float[] out = new float[300 * LAYERS[2]];

            Predictor.of(network, Backend.VECTOR).predict(rows, 300, out);

            assertArrayEquals(TestNetworks.predict(network, rows), out, 1e-5f);
        }
    }
}
