package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    private static final String VALID = "{\"format\":\"backprop-mlp\",\"version\":1,\"layers\":[2,3,1],"
            + "\"activations\":[\"tanh\",\"sigmoid\"],"
            + "\"weights\":[[[0.1,0.2,0.3],[0.4,0.5,0.6]],[[1],[2],[3]]],\"biases\":[[0,0,0],[0.5]],\"extra\":true}";

    @Test
    void floatsRoundTripExactly(@TempDir Path dir) throws Exception {
        Network network = Network.create(new int[] {3, 5, 4}, Activation.RELU, Activation.SOFTMAX, Init.HE, 9);
        network.biases(0)[2] = Float.MIN_VALUE;
        network.weights(1)[3] = -Float.MAX_VALUE;
        network.setNormalization(new Normalization(Normalization.Method.STANDARD,
                new float[] {1.5f, -2f, 0.1f}, new float[] {0.3f, 1f, 7f}));
        Path file = dir.resolve("model.json");
        ModelFile.write(network, file);
        Network back = ModelFile.read(file);
        assertArrayEquals(network.layers(), back.layers());
        assertArrayEquals(network.activations(), back.activations());
        for (int l = 0; l < network.depth(); l++) {
            assertArrayEquals(network.weights(l), back.weights(l), 0f);
            assertArrayEquals(network.biases(l), back.biases(l), 0f);
        }
        assertArrayEquals(network.normalization().shift(), back.normalization().shift(), 0f);
        assertArrayEquals(network.normalization().scale(), back.normalization().scale(), 0f);
        assertEquals(Normalization.Method.STANDARD, back.normalization().method());
    }

    @Test
    void regressionModelsKeepTheirTaskAndTargetScaling() throws Exception {
        Network network = Network.create(new int[] {3, 4, 2}, Activation.TANH, Activation.IDENTITY, Init.XAVIER, 9);
        network.setTargetNormalization(new Normalization(Normalization.Method.STANDARD, new float[] {500f, -3f},
                new float[] {0.01f, 2f}));
        String json = ModelFile.toJson(network);
        assertTrue(json.contains("\"task\" : \"regression\""), json);
        Network back = ModelFile.parse(json, "m.json");
        assertTrue(back.isRegression());
        assertArrayEquals(new float[] {500f, -3f}, back.targetNormalization().shift(), 0f);
        assertArrayEquals(new float[] {0.01f, 2f}, back.targetNormalization().scale(), 0f);
        float[] outputs = {0f, 0f, 1f, -1f};
        back.targetNormalization().undo(outputs, 2);
        assertArrayEquals(new float[] {500f, -3f, 600f, -3.5f}, outputs, 1e-4f);
        assertTrue(!ModelFile.toJson(ModelFile.parse(VALID, "m.json")).contains("task"),
                "classifiers are written as before");
    }

    @Test
    void aTaskThatContradictsTheOutputsIsRefused() {
        String classifierCalledRegression = VALID.replace("\"extra\":true", "\"task\":\"regression\"");
        assertEquals("m.json: field 'task': regression does not fit the output activation sigmoid (regression has "
                + "identity outputs, classification the others)", assertThrows(ModelFile.InvalidModelException.class,
                () -> ModelFile.parse(classifierCalledRegression, "m.json")).getMessage());
        String scaledClassifier = VALID.replace("\"extra\":true", "\"targetNormalization\":{\"method\":\"standard\","
                + "\"shift\":[0],\"scale\":[1]}");
        assertEquals("m.json: field 'targetNormalization': only a regression model (identity outputs) has one",
                assertThrows(ModelFile.InvalidModelException.class,
                        () -> ModelFile.parse(scaledClassifier, "m.json")).getMessage());
    }

    @Test
    void readsTheDocumentedFormatAndIgnoresOtherFields() throws Exception {
        Network network = ModelFile.parse(VALID, "m.json");
        assertEquals("2-3-1 tanh/sigmoid", network.describe());
        assertEquals(0.6f, network.weights(0)[5]);
        assertEquals(3f, network.weights(1)[2]);
        assertEquals(0.5f, network.biases(1)[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad json             | {\"format\":                | not valid JSON",
            "wrong format         | \"format\":\"backprop-mlp\"  => \"format\":\"other\"      | field 'format'",
            "wrong version        | \"version\":1                => \"version\":2               | field 'version'",
            "unknown activation   | \"tanh\"                     => \"swish\"                   | field 'activations[0]'",
            "softmax hidden       | \"tanh\"                     => \"softmax\"                 | field 'activations[0]'",
            "short row            | [0.4,0.5,0.6]                => [0.4,0.5]                   | field 'weights[0][1]'",
            "missing row          | [[0.1,0.2,0.3],[0.4,0.5,0.6]] => [[0.1,0.2,0.3]]            | field 'weights[0]'",
            "bias size            | [0.5]                        => [0.5,1]                     | field 'biases[1]'",
            "layer count          | [2,3,1]                      => [2,3,1,1]                   | field 'activations'",
            "zero layer           | [2,3,1]                      => [2,0,1]                     | field 'layers[1]'",
            "infinite number      | 0.5]]                        => 1e999]]                     | field 'biases[1][0]'",
            "text number          | [[1],[2],[3]]                => [[1],[\"x\"],[3]]           | field 'weights[1][1][0]'",
            "missing weights      | \"weights\"                  => \"w\"                       | field 'weights'",
    })
    void refusesBrokenFilesNamingTheField(String name, String edit, String expected) {
        String json;
        if (edit.contains("=>")) {
            String[] parts = edit.split("=>");
            assertTrue(VALID.contains(parts[0].trim()), "test edit applies: " + parts[0]);
            json = VALID.replace(parts[0].trim(), parts[1].trim());
        } else {
            json = edit.trim();
        }
        ModelFile.InvalidModelException e =
                assertThrows(ModelFile.InvalidModelException.class, () -> ModelFile.parse(json, "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aRefusedSaveLeavesTheExistingFileIntact(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.json"), "precious");
        Network network = Network.create(new int[] {2, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 1);
        network.weights(0)[1] = Float.NaN;
        assertThrows(java.io.IOException.class, () -> ModelFile.write(network, file));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aSaveThatFailsWhileWritingLeavesTheExistingFileAndNoTemporary(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.json"), "precious");
        Network network = Network.create(new int[] {2, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 1);
        // an interrupted thread cannot lock the temporary file: the write fails once the temporary exists
        Thread.currentThread().interrupt();
        try {
            AtomicFile.WriteFailure e = assertThrows(AtomicFile.WriteFailure.class, () -> ModelFile.write(network, file));
            assertEquals(file + ": cannot write (FileLockInterruptionException)", e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals("precious", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }
}
