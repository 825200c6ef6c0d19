package backprop;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer trains the golden networks to the weights PyTorch's {@code torch.optim} namesake reaches in
 * float64 (src/test/python/torch_optim_reference.py), within 1e-4, on both backends.
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
        Network network = Golden.model("optim-" + name + "-init.json");
        Network start = network.copy();
        JsonNode expected = Golden.json("optim-" + name + "-" + optimizer.cliName() + "-expected.json");
        TrainingConfig config = TrainingConfig.defaults()
                .withOptimizer(optimizer)
                .withLearningRate((float) expected.get("lr").asDouble())
                .withMomentum((float) expected.get("momentum").asDouble())
                .withWeightDecay((float) expected.get("weight_decay").asDouble())
                .withBatchSize(expected.get("batch").asInt());
        if (optimizer.isAdam()) {
            config = config.withAdam((float) expected.get("beta1").asDouble(), (float) expected.get("beta2").asDouble(),
                    (float) expected.get("eps").asDouble());
        }
        Trainer trainer = new Trainer(network, Golden.digits(), KernelProvider.create(backend), config);
        for (int epoch = 0; epoch < expected.get("epochs").asInt(); epoch++) trainer.epoch();

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
