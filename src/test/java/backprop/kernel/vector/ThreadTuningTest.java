package backprop.kernel.vector;

import backprop.Activation;
import backprop.Init;
import backprop.JitQueue;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.Workload;
import backprop.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ThreadTuning} on a made-up clock, where a step on each thread count takes a time the test sets, and the
 * kernels it tunes: switching counts between steps leaves the trained bits as they are on one thread.
 */
class ThreadTuningTest {

    /** Steps a window, windows a count per trial, settled windows at most: small, to see many trials. */
    private static final int WINDOW = 4;
    private static final int ROUNDS = 2;
    private static final int FIRST_SETTLED = 4;
    private static final int MAX_SETTLED = 8;

    /** A clock that each step moves by the step time of the thread count in use. */
    private static final class Steps {
        final List<Integer> switches = new ArrayList<>();
        long now;
        int inUse;
        final ThreadTuning tuning;

        Steps(int threads) {
            tuning = new ThreadTuning(threads, count -> {
                inUse = count;
                switches.add(count);
            }, () -> now, WINDOW, ROUNDS, FIRST_SETTLED, MAX_SETTLED);
        }

        void run(int steps, IntUnaryOperator nanosOnThreads) {
            for (int s = 0; s < steps; s++) {
                now += nanosOnThreads.applyAsInt(inUse);
                tuning.stepEnded();
                assertEquals(inUse, tuning.current(), "the count in use and the one the tuning reports");
            }
        }
    }

    private static final int TRIAL_STEPS = 2 * ROUNDS * WINDOW;

    @Test
    void aTrialAlternatesTheCountsWindowByWindowAndKeepsTheFaster() {
        Steps steps = new Steps(2);
        assertEquals(List.of(2), steps.switches, "a trial starts at once, on all the threads");
        steps.run(TRIAL_STEPS, threads -> threads == 1 ? 100 : 150);
        assertEquals(List.of(2, 1, 2, 1, 1), steps.switches, "two windows of each count, then the faster");
        assertEquals(1, steps.tuning.chosen());
        assertEquals(1, steps.tuning.trials());

        Steps twoFaster = new Steps(4);
        twoFaster.run(TRIAL_STEPS, threads -> threads == 1 ? 150 : 100);
        assertEquals(4, twoFaster.tuning.chosen(), "all four threads were faster");
        assertEquals(4, twoFaster.inUse);
    }

    @Test
    void aCountsFastestWindowDecidesSoThatOneInterruptedWindowDoesNot() {
        Steps steps = new Steps(2);
        long[] stepOfTrial = {0};
        // the first window on two threads is slowed (a compilation, a busy host); its second is the faster of all
        steps.run(TRIAL_STEPS, threads -> {
            long step = stepOfTrial[0]++;
            if (threads == 2) return step < WINDOW ? 1_000 : 90;
            return 100;
        });
        assertEquals(2, steps.tuning.chosen());
    }

    @Test
    void trialsComeBackWithLongerSettledStretchesAndFollowTheHost() {
        Steps steps = new Steps(2);
        steps.run(TRIAL_STEPS, threads -> threads == 1 ? 100 : 150);
        assertEquals(1, steps.tuning.chosen());
        // settled for FIRST_SETTLED windows, then a trial in which two threads have become the faster
        steps.run(FIRST_SETTLED * WINDOW, threads -> threads == 1 ? 100 : 60);
        assertEquals(1, steps.tuning.trials(), "still settled");
        steps.run(TRIAL_STEPS, threads -> threads == 1 ? 100 : 60);
        assertEquals(2, steps.tuning.trials());
        assertEquals(2, steps.tuning.chosen(), "the second trial follows the change");
        // the settled stretches double, FIRST_SETTLED then twice that, and stay at MAX_SETTLED
        int trialsBefore = steps.tuning.trials();
        steps.run(2 * FIRST_SETTLED * WINDOW - 1, threads -> 100);
        assertEquals(trialsBefore, steps.tuning.trials(), "twice as many settled windows after the second trial");
        int stepsToTenTrials = 0;
        while (steps.tuning.trials() < 10) {
            steps.run(1, threads -> 100);
            stepsToTenTrials++;
        }
        int perTrial = TRIAL_STEPS + MAX_SETTLED * WINDOW;
        assertTrue(stepsToTenTrials <= 1 + TRIAL_STEPS + 7 * perTrial,
                "trials 3 to 10 took " + stepsToTenTrials + " steps, a trial and " + MAX_SETTLED + " windows each");
    }

    @Test
    void refusesWhatCannotBeTuned() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadTuning(1, count -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> new ThreadTuning(2, count -> { }, System::nanoTime, 0, ROUNDS, FIRST_SETTLED, MAX_SETTLED));
        assertThrows(IllegalArgumentException.class,
                () -> new ThreadTuning(2, count -> { }, System::nanoTime, WINDOW, 0, FIRST_SETTLED, MAX_SETTLED));
        assertThrows(IllegalArgumentException.class,
                () -> new ThreadTuning(2, count -> { }, System::nanoTime, WINDOW, ROUNDS, MAX_SETTLED + 1, MAX_SETTLED));
    }

    /** Tuning that switches count every step or two, the most a run can. */
    static final VectorKernels.TuningFactory SWITCHING_OFTEN =
            (threads, use) -> new ThreadTuning(threads, use, System::nanoTime, 1, 1, 1, 2);

    @Test
    void kernelsThatSwitchCountsBetweenStepsTrainTheBitsOfOneThread() {
        // products large enough to split, and a first layer whose forward runs in halves on two threads
        Blocking machine = Blocking.forThisMachine();
        int[] layers = {150, 96, 10};
        train(layers, new VectorKernels(machine, 1), 300);
        train(layers, new VectorKernels(machine, 2, SWITCHING_OFTEN), 300);
        JitQueue.awaitEmpty();
        Network one = train(layers, new VectorKernels(machine, 1), 3);
        VectorKernels timed = new VectorKernels(machine, 2, SWITCHING_OFTEN);
        Network switching = train(layers, timed, 3);
        for (int l = 0; l < one.depth(); l++) {
            assertArrayEquals(one.weights(l), switching.weights(l), "weights[" + l + "]");
            assertArrayEquals(one.biases(l), switching.biases(l), "biases[" + l + "]");
        }
        assertTrue(timed.description().contains("2 threads timed"), timed.description());
    }

    private static Network train(int[] layers, VectorKernels kernels, int epochs) {
        Dataset data = Workload.randomClassification(320, layers[0], layers[2], 17);
        Network network = Network.create(layers, Activation.SIGMOID, Activation.SOFTMAX, Init.XAVIER, 3);
        TrainingConfig config = TrainingConfig.defaults().withBatchSize(64).withShuffle(true).withMomentum(0.9f);
        Trainer trainer = new Trainer(network, data, kernels, config);
        for (int epoch = 0; epoch < epochs; epoch++) trainer.epoch();
        return network;
    }
}
