package backprop;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer trains the golden networks to the weights PyTorch's {@code torch.optim} namesake reaches in
 * float64 (src/test/python/torch_optim_reference.py), within 1e-4, on both backends; so do two runs under
 * learning-rate schedules.
 */
class OptimizerGoldenTest {

    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> runs() {
        Stream.Builder<Arguments> runs = Stream.builder();
        for (String network : new String[] {"relu-softmax", "tanh-softmax-deep", "sigmoid"}) {
            for (Optimizer optimizer : Optimizer.values()) {
                for (Backend backend : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
                    runs.add(Arguments.of(network, optimizer, backend));
                }
            }
        }
        return runs.build();
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("runs")
    void finalWeightsMatchPyTorch(String name, Optimizer optimizer, Backend backend) throws Exception {
        assertRunMatches(name, "optim-" + name + "-" + optimizer.cliName() + "-expected.json", backend);
    }

    /** The schedulers stepped once per epoch, as {@code StepLR} and {@code CosineAnnealingLR} are in the script. */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"relu-softmax-adamw-cosine, SCALAR", "relu-softmax-adamw-cosine, VECTOR",
            "sigmoid-sgd-step, SCALAR", "sigmoid-sgd-step, VECTOR"})
    void scheduledRunsMatchPyTorch(String run, Backend backend) throws Exception {
        String name = run.substring(0, run.lastIndexOf('-', run.lastIndexOf('-') - 1));
        assertRunMatches(name, "optim-" + run + "-expected.json", backend);
    }

    private static void assertRunMatches(String name, String expectedFile, Backend backend) throws Exception {
        Network network = Golden.model("optim-" + name + "-init.json");
        Network start = network.copy();
        JsonNode expected = Golden.json(expectedFile);
        Optimizer optimizer = Optimizer.parse(expected.get("optimizer").asText());
        int epochs = expected.get("epochs").asInt();
        TrainingConfig config = TrainingConfig.defaults()
                .withOptimizer(optimizer)
                .withLearningRate((float) expected.get("lr").asDouble())
                .withMomentum((float) expected.get("momentum").asDouble())
                .withWeightDecay((float) expected.get("weight_decay").asDouble())
                .withBatchSize(expected.get("batch").asInt())
                .withSchedule(LearningRateSchedule.parse(expected.get("schedule").asText()), epochs,
                        expected.get("lr_step").asInt(), (float) expected.get("lr_gamma").asDouble());
        if (optimizer.isAdam()) {
            config = config.withAdam((float) expected.get("beta1").asDouble(), (float) expected.get("beta2").asDouble(),
                    (float) expected.get("eps").asDouble());
        }
        Trainer trainer = new Trainer(network, Golden.digits(), KernelProvider.create(backend), config);
        for (int epoch = 0; epoch < epochs; epoch++) trainer.epoch();

        Network want = ModelFile.parse(expected.get("final").toString(), name + " final");
        double largestChange = 0;
        for (int l = 0; l < want.depth(); l++) {
            float[] w = want.weights(l);
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], network.weights(l)[i], TOLERANCE, "weights[" + l + "] element " + i);
                largestChange = Math.max(largestChange, Math.abs(w[i] - start.weights(l)[i]));
            }
            float[] b = want.biases(l);
            for (int j = 0; j < b.length; j++) {
                assertEquals(b[j], network.biases(l)[j], TOLERANCE, "biases[" + l + "][" + j + "]");
            }
        }
        // the comparison means something only if training moved the weights well beyond the tolerance
        assertTrue(largestChange > 100 * TOLERANCE, "the run barely changed the weights: " + largestChange);
    }
}
