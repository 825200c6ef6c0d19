package backprop.kernel.vector;

import backprop.kernel.AdamStep;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector Adam update computes the scalar reference's bits, for every length 1..67 (every vector tail) and for
 * Adam's and AdamW's weight decay, over several steps; nothing past {@code count} changes.
 */
class OptimizerUpdatesTest {

    private static final float SENTINEL = -12345.5f;
    private static final int SLACK = 5;

    @Test
    void adamUpdateMatchesScalarBitForBit() {
        Random random = new Random(11);
        VectorKernels vector = new VectorKernels();
        ScalarKernels scalar = new ScalarKernels();
        AdamStep step = new AdamStep();
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int count = 1; count <= 67; count++) {
                float[][] expected = {randoms(random, count), new float[count + SLACK], new float[count + SLACK]};
                float[][] actual = {expected[0].clone(), expected[1].clone(), expected[2].clone()};
                for (float[] a : expected) java.util.Arrays.fill(a, count, a.length, SENTINEL);
                for (float[] a : actual) java.util.Arrays.fill(a, count, a.length, SENTINEL);
                for (int t = 1; t <= 3; t++) {
                    float[] gradients = randoms(random, count);
                    java.util.Arrays.fill(gradients, count, gradients.length, SENTINEL);
                    float[] vectorGradients = gradients.clone();
                    step.set(t, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, decoupled);
                    scalar.adamUpdate(expected[0], gradients, expected[1], expected[2], count, step);
                    vector.adamUpdate(actual[0], vectorGradients, actual[1], actual[2], count, step);
                    // both leave the gradients zero for the next step to accumulate into, and nothing past them
                    for (float[] g : new float[][] {gradients, vectorGradients}) {
                        for (int i = 0; i < count; i++) assertEquals(0f, g[i], "gradient " + i + " of " + count);
                        assertEquals(SENTINEL, g[count], "past the end of the gradients");
                    }
                }
                for (int a = 0; a < 3; a++) {
                    assertArrayEquals(expected[a], actual[a], "array " + a + " of " + count);
                    assertEquals(SENTINEL, actual[a][count], "past the end of array " + a);
                }
            }
        }
    }

    /** Adam's first step moves every parameter by about the learning rate against its gradient's sign. */
    @Test
    void firstAdamStepMovesByTheLearningRate() {
        float[] parameters = {1f, 1f, 1f};
        float[] gradients = {0.5f, -2f, 1e-3f};
        AdamStep step = new AdamStep();
        step.set(1, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false);
        new VectorKernels().adamUpdate(parameters, gradients, new float[3], new float[3], 3, step);
        assertArrayEquals(new float[] {0.99f, 1.01f, 0.99f}, parameters, 1e-5f);
    }

    private static float[] randoms(Random random, int count) {
        float[] values = new float[count + SLACK];
        for (int i = 0; i < count; i++) values[i] = (float) random.nextGaussian();
        return values;
    }
}
