package backprop;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OnnxModelMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** onnxruntime runs the exported graph on raw rows and gives what {@code predict} gives. */
class OnnxExportTest {

    private static final float TOLERANCE = 1e-5f;
    private static final int ROWS = 64;

    static Stream<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{5, 7, 3}, {5, 8, 6, 4, 3}};
        Activation[][] hiddenAndOutput = {
            {Activation.SIGMOID, Activation.SIGMOID},
            {Activation.RELU, Activation.SOFTMAX},
            {Activation.TANH, Activation.TANH},
            {Activation.SIGMOID, Activation.RELU},
            {Activation.TANH, Activation.IDENTITY},
        };
        for (int[] layers : shapes) {
            for (Activation[] activations : hiddenAndOutput) {
                for (Normalization.Method method : Normalization.Method.values()) {
                    cases.add(Arguments.of(layers, activations[0], activations[1], method));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{index}: {0} {1}/{2}, normalization {3}")
    @MethodSource("networks")
    void onnxRuntimeGivesPredictsOutputs(int[] layers, Activation hidden, Activation output,
                                         Normalization.Method method) throws OrtException {
        Network network = TestNetworks.network(layers, hidden, output, 7);
        float[] rows = TestNetworks.rawRows(ROWS, network.inputs(), 11);
        if (method != Normalization.Method.NONE) {
            network.setNormalization(Normalization.fit(method, rows, ROWS, network.inputs()));
        }

        float[] expected = TestNetworks.predict(network, rows);
        float[] actual;
        try (OnnxRuntimeRun onnx = new OnnxRuntimeRun(OnnxExport.toBytes(network, null))) {
            actual = onnx.outputs(rows.clone(), ROWS, network.inputs());
        }

        assertEquals(expected.length, actual.length);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertTrue(worst <= TOLERANCE, "largest difference " + worst + " over " + expected.length + " outputs");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("shapes")
    void regressionOutputsComeBackInTheTargetsUnits(int[] layers) throws OrtException {
        Network network = TestNetworks.regression(layers, Activation.RELU, 8);
        float[] rows = TestNetworks.rawRows(ROWS, network.inputs(), 12);
        network.setNormalization(Normalization.fit(Normalization.Method.STANDARD, rows, ROWS, network.inputs()));

        float[] expected = TestNetworks.predict(network, rows);
        float[] actual;
        try (OnnxRuntimeRun onnx = new OnnxRuntimeRun(OnnxExport.toBytes(network, null))) {
            actual = onnx.outputs(rows.clone(), ROWS, network.inputs());
            assertEquals("regression", onnx.session().getMetadata().getCustomMetadata().get("task"));
        }

        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, Math.abs(expected[i])), "output " + i);
        }
    }

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {5, 7, 3}, new int[] {5, 8, 6, 4, 3});
    }

    @Test
    void metadataNamesTheInputOutputAndClasses() throws OrtException {
        Network network = TestNetworks.network(new int[] {5, 7, 3}, Activation.RELU, Activation.SOFTMAX, 3);
        List<String> classes = List.of("setosa", "versi\"color", "virginica");
        try (OnnxRuntimeRun onnx = new OnnxRuntimeRun(OnnxExport.toBytes(network, classes))) {
            OnnxModelMetadata metadata = onnx.session().getMetadata();
            Map<String, String> props = metadata.getCustomMetadata();
            assertEquals(OnnxExport.PRODUCER_NAME, metadata.getProducerName());
            assertEquals("features", props.get("input_name"));
            assertEquals("outputs", props.get("output_name"));
            assertEquals("5-7-3", props.get("layers"));
            assertEquals("relu/softmax", props.get("activations"));
            assertEquals("none", props.get("normalization"));
            assertEquals("[\"setosa\",\"versi\\\"color\",\"virginica\"]", props.get(OnnxExport.CLASS_NAMES_KEY));
            assertEquals(List.of("features"), List.copyOf(onnx.session().getInputNames()));
            assertEquals(List.of("outputs"), List.copyOf(onnx.session().getOutputNames()));
        }
        try (OnnxRuntimeRun onnx = new OnnxRuntimeRun(OnnxExport.toBytes(network, null))) {
            assertTrue(!onnx.session().getMetadata().getCustomMetadata().containsKey(OnnxExport.CLASS_NAMES_KEY));
        }
    }

    @Test
    void classNamesMustMatchTheOutputs() {
        Network network = TestNetworks.network(new int[] {5, 7, 3}, Activation.RELU, Activation.SOFTMAX, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.toBytes(network, List.of("a", "b")));
        assertEquals("2 class names for a network of 3 outputs (expected 3)", e.getMessage());
    }
}
