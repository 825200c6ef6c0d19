package backprop;

import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The schedules give PyTorch's per-epoch rates, and the trainer trains each epoch at its rate. */
class LearningRateScheduleTest {

    private static final TrainingConfig BASE = TrainingConfig.defaults().withLearningRate(0.1f);

    @Test
    void stepMultipliesByGammaEveryStepEpochs() {
        TrainingConfig config = BASE.withSchedule(LearningRateSchedule.STEP, 10, 2, 0.5f);
        float[] expected = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], LearningRateSchedule.STEP.rate(config, epoch), 1e-7f, "epoch " + epoch);
        }
    }

    @Test
    void cosineFallsFromTheRateTowardsZeroOverTheEpochs() {
        TrainingConfig config = BASE.withSchedule(LearningRateSchedule.COSINE, 4, 1, 1f);
        float[] expected = {0.1f, 0.0853553f, 0.05f, 0.0146447f};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], LearningRateSchedule.COSINE.rate(config, epoch), 1e-7f, "epoch " + epoch);
        }
    }

    @Test
    void trainerUsesTheRateOfEachEpoch() {
        TrainingConfig config = BASE.withSchedule(LearningRateSchedule.STEP, 10, 1, 0.5f).withBatchSize(4);
        Trainer trainer = new Trainer(Network.create(new int[] {2, 3, 1}, Activation.SIGMOID, Activation.SIGMOID,
                Init.XAVIER, 1), Golden.xor(), new ScalarKernels(), config);
        assertEquals(0.1f, trainer.learningRate());
        trainer.epoch();
        assertEquals(0.1f, trainer.learningRate());
        trainer.epoch();
        assertEquals(0.05f, trainer.learningRate());
        trainer.epoch();
        assertEquals(0.025f, trainer.learningRate());
    }

    @Test
    void unknownScheduleListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.parse("exponential"));
        assertEquals("unknown learning-rate schedule 'exponential' (expected constant, step or cosine)", e.getMessage());
    }
}
