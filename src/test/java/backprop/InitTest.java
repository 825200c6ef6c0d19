package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {

    private static float largest(float[] values) {
        float largest = 0f;
        for (float v : values) largest = Math.max(largest, Math.abs(v));
        return largest;
    }

    @Test
    void sklearnDrawsBiasesWithinTheGlorotBound() {
        Network relu = Network.create(new int[] {8, 64, 1}, Activation.RELU, Activation.IDENTITY, Init.SKLEARN, 3L);
        float bound = (float) Math.sqrt(6.0 / (8 + 64));
        assertTrue(largest(relu.weights(0)) <= bound && largest(relu.weights(0)) > 0.9f * bound);
        assertTrue(largest(relu.biases(0)) <= bound && largest(relu.biases(0)) > 0.9f * bound);
        assertTrue(largest(relu.biases(1)) <= (float) Math.sqrt(6.0 / 65) && largest(relu.biases(1)) > 0f);

        Network sigmoid = Network.create(new int[] {8, 64, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.SKLEARN, 3L);
        assertTrue(largest(sigmoid.biases(0)) <= (float) Math.sqrt(2.0 / 72));
    }

    @Test
    void otherSchemesLeaveBiasesZeroAndTheSameSeedDrawsTheSameNetwork() {
        for (Init init : Init.values()) {
            Network a = Network.create(new int[] {5, 7, 3}, Activation.TANH, Activation.SOFTMAX, init, 11L);
            Network b = Network.create(new int[] {5, 7, 3}, Activation.TANH, Activation.SOFTMAX, init, 11L);
            assertArrayEquals(a.weights(0), b.weights(0));
            assertArrayEquals(a.biases(0), b.biases(0));
            if (init != Init.SKLEARN) assertEquals(0f, largest(a.biases(0)) + largest(a.biases(1)), init.name());
        }
        assertEquals(Init.SKLEARN, Init.parse("sklearn"));
    }
}
