package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public entry points that take arrays and shapes reject ones that do not fit with an
 * {@link IllegalArgumentException} that says so, before any kernel indexes past an array, on either backend.
 */
class ShapeChecksTest {

    private static Network network(int... layers) {
        return Network.create(layers, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 1);
    }

    private static Dataset data(int rows, int inputs, int outputs) {
        return new Dataset(new float[rows * inputs], new float[rows * outputs], null, rows, inputs, outputs);
    }

    @Test
    void evaluationRejectsDataOfAnotherShapeOnBothBackends() {
        for (Backend backend : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
            Kernels kernels = KernelProvider.create(backend, 1);
            Network network = network(64, 32, 10);
            for (Dataset wrong : new Dataset[] {data(20, 65, 10), data(20, 63, 10), data(20, 64, 9), data(20, 64, 11)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Evaluator.evaluate(network, wrong, kernels), backend + " " + wrong.inputs());
                assertTrue(e.getMessage().contains("inputs"), e.getMessage());
            }
            assertEquals(20, Evaluator.evaluate(network, data(20, 64, 10), kernels).rows());
        }
    }

    @Test
    void datasetsRejectSizesPastTheirArraysEvenWhereTheProductOverflowsAnInt() {
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[65536], new float[65537], null, 65537, 65536, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[4], new int[] {0, 1}, -1, 2, 2, true));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[8], new int[] {0, 1}, 4, 2, 2, true));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[8], new int[] {0, 0, 0, 0}, 4, 2, 1, true));
    }

    @Test
    void predictionRejectsInputsShorterThanItsRows() {
        Network network = network(3, 4, 2);
        ScalarKernels kernels = new ScalarKernels();
        assertThrows(IllegalArgumentException.class, () -> network.predict(new float[5], 2, kernels));
        assertThrows(IllegalArgumentException.class, () -> network.predict(new float[6], -1, kernels));
        assertEquals(4, network.predict(new float[6], 2, kernels).length);
    }

    @Test
    void gradientsRejectArraysShapedUnlikeTheNetwork() {
        Network network = network(3, 4, 2);
        Trainer trainer = new Trainer(network, data(8, 3, 2), new ScalarKernels(), TrainingConfig.defaults());
        float[][] weights = {new float[12], new float[8]};
        float[][] biases = {new float[4], new float[2]};
        trainer.gradients(0, 8, weights, biases);
        assertThrows(IllegalArgumentException.class,
                () -> trainer.gradients(0, 8, new float[][] {new float[12], new float[7]}, biases));
        assertThrows(IllegalArgumentException.class, () -> trainer.gradients(0, 8, new float[][] {weights[0]}, biases));
        assertThrows(IllegalArgumentException.class,
                () -> trainer.gradients(0, 8, weights, new float[][] {new float[4], new float[3]}));
    }
}
