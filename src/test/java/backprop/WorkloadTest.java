package backprop;

import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {

    @Test
    void flopsPerEpochMatchTheFiguresThePeersWereMeasuredWith() {
        // the values of shared/notes/peers.md, to their printed precision
        assertEquals(2.24e-7, Workload.XOR.flopsPerEpoch() / 1e9, 1e-10);
        assertEquals(0.0182, Workload.DIGITS.flopsPerEpoch() / 1e9, 0.00005);
        assertEquals(4.09, Workload.MNIST.flopsPerEpoch() / 1e9, 0.005);
        assertEquals(42.9, Workload.WIDE.flopsPerEpoch() / 1e9, 0.05);
    }

    @Test
    void syntheticDataIsUniformInputsAndOneHotTargets() {
        Dataset data = Workload.MNIST.dataset();
        assertEquals(10000, data.rows());
        assertEquals(784, data.inputs());
        assertEquals(10, data.outputs());
        for (int i = 0; i < data.rows() * data.inputs(); i++) {
            float x = data.features()[i];
            assertTrue(x >= 0f && x < 1f, "input " + i + " is " + x);
        }
        for (int r = 0; r < data.rows(); r++) {
            float sum = 0f;
            for (int j = 0; j < data.outputs(); j++) sum += data.targets()[r * data.outputs() + j];
            assertEquals(1f, sum, "row " + r + " is not one-hot");
            assertEquals(1f, data.targets()[r * data.outputs() + data.labels()[r]]);
        }
    }

    @Test
    void xorTrainsOnTheXorTable() {
        Dataset data = Workload.XOR.dataset();
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, data.features());
        assertArrayEquals(new float[] {0, 1, 1, 0}, data.targets());
    }

    @Test
    void everyCallGivesTheSameDataAndStartWeights() {
        for (Workload w : Workload.values()) {
            assertArrayEquals(w.dataset().features(), w.dataset().features(), w.id());
            assertArrayEquals(w.network().weights(0), w.network().weights(0), w.id());
        }
    }

    @Test
    void configIsOrderedSgdInTheWorkloadsBatches() {
        for (Workload w : Workload.values()) {
            TrainingConfig config = w.config();
            assertEquals(0.1f, config.learningRate());
            assertEquals(0f, config.momentum());
            assertFalse(config.shuffle());
            assertEquals(w.batchSize(), config.effectiveBatchSize(w.rows()));
            assertEquals(Activation.SIGMOID, w.network().activation(0));
            assertEquals(Activation.SIGMOID, w.network().activation(w.network().depth() - 1));
        }
    }

    @Test
    void xorLearnsUnderItsOwnSettings() {
        Trainer trainer = Workload.XOR.trainer(new ScalarKernels());
        double first = trainer.epoch().mse();
        double last = first;
        for (int e = 0; e < 2000; e++) last = trainer.epoch().mse();
        assertTrue(last < first, "mse went from " + first + " to " + last);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesListTheValidOnes() {
        assertEquals(Workload.WIDE, Workload.parse(" Wide "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse("cifar"));
        assertTrue(e.getMessage().contains("xor, digits, mnist, wide"), e.getMessage());
    }
}
