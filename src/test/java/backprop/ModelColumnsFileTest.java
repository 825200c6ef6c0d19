package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names a model file stores: input columns, label and classes; files written before them still read. */
class ModelColumnsFileTest {

    private static final String TWO_INPUTS_THREE_CLASSES = "{\"format\":\"backprop-mlp\",\"version\":1,"
            + "\"layers\":[2,3],\"activations\":[\"softmax\"],\"weights\":[[[1,2,3],[4,5,6]]],\"biases\":[[0,0,0]]";

    @Test
    void aModelFileWrittenBeforeNamesReadsAsKnowingNone() throws Exception {
        Network old = ModelFile.read(Path.of("src/test/resources/golden/digits-softmax-init.json"));
        assertEquals(ModelColumns.NONE, old.columns());
        assertEquals(List.of(), old.columns().classNames());
        assertEquals(List.of(), ModelFile.parse(TWO_INPUTS_THREE_CLASSES + "}", "m.json").columns().inputNames());
    }

    @Test
    void namesRoundTripAndAreWrittenOnlyWhenKnown(@TempDir Path dir) throws Exception {
        Network network = ModelFile.parse(TWO_INPUTS_THREE_CLASSES + "}", "m.json");
        assertTrue(!ModelFile.toJson(network).contains("inputNames"), "no names, no fields");
        ModelColumns columns = new ModelColumns(List.of("petal, length", "width \"cm\""), "species",
                List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"));
        network.setColumns(columns);
        Path file = dir.resolve("named.json");
        ModelFile.write(network, file);
        Network back = ModelFile.read(file);
        assertEquals(columns, back.columns());
        assertEquals("Iris-virginica", back.columns().classNames().get(2));
        assertEquals(back.columns(), back.copy().columns());
    }

    @Test
    void aSingleOutputHasTwoClassNames() throws Exception {
        String json = "{\"format\":\"backprop-mlp\",\"version\":1,\"layers\":[1,1],\"activations\":[\"sigmoid\"],"
                + "\"weights\":[[[1]]],\"biases\":[[0]],\"classes\":[\"cat\",\"dog\"]}";
        assertEquals(List.of("cat", "dog"), ModelFile.parse(json, "m.json").columns().classNames());
    }

    @Test
    void aRegressionModelNamesItsTargetsAndReadsBackWithTaskAndTargetNormalization() throws Exception {
        Network network = new Network(new int[] {2, 2}, new Activation[] {Activation.IDENTITY});
        network.setTargetNormalization(new Normalization(Normalization.Method.STANDARD, new float[] {500, -3},
                new float[] {0.01f, 2}));
        network.setColumns(new ModelColumns(List.of("a", "b"), List.of("y1", "y2"), List.of()));
        String json = ModelFile.toJson(network);
        assertTrue(json.contains("\"task\" : \"regression\""), json);
        assertTrue(json.contains("\"targetNormalization\""), json);
        Network back = ModelFile.parse(json, "m.json");
        assertEquals(network.columns(), back.columns());
        assertEquals(List.of("y1", "y2"), back.columns().labels());
        assertEquals(null, back.columns().label());
        assertTrue(back.isRegression());

        Network one = new Network(new int[] {2, 1}, new Activation[] {Activation.IDENTITY});
        one.setColumns(new ModelColumns(List.of("a", "b"), "y", List.of()));
        assertTrue(ModelFile.toJson(one).contains("\"label\" : \"y\""), ModelFile.toJson(one));
        assertEquals(one.columns(), ModelFile.parse(ModelFile.toJson(one), "m.json").columns());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "one name for two targets | ,\"label\":\"y\"                  | field 'label': expected an array of 2 target names, got \"y\"",
            "three names, two targets | ,\"label\":[\"a\",\"b\",\"c\"]     | field 'label': expected 2 names, got 3",
            "a target named twice     | ,\"label\":[\"a\",\"a\"]          | field 'label[1]': 'a' appears twice",
            "classes on regression    | ,\"classes\":[\"a\",\"b\"]        | field 'classes': a regression model (identity outputs) has no classes",
    })
    void badTargetNamesAreRefusedNamingTheField(String what, String fields, String problem) {
        String json = "{\"format\":\"backprop-mlp\",\"version\":1,\"layers\":[2,2],\"activations\":[\"identity\"],"
                + "\"weights\":[[[1,2],[3,4]]],\"biases\":[[0,0]],\"task\":\"regression\"" + fields + "}";
        assertEquals("m.json: " + problem, assertThrows(ModelFile.InvalidModelException.class,
                () -> ModelFile.parse(json, "m.json")).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "one name for two inputs  | ,\"inputNames\":[\"a\"]             | field 'inputNames': expected 2 names, got 1",
            "a number for a name      | ,\"inputNames\":[\"a\",7]           | field 'inputNames[1]': expected a string, got 7",
            "a name twice             | ,\"inputNames\":[\"a\",\"a\"]       | field 'inputNames[1]': 'a' appears twice",
            "inputNames not an array  | ,\"inputNames\":\"a\"               | field 'inputNames': expected an array, got STRING",
            "a label that is a number | ,\"label\":3                      | field 'label': expected a string, got 3",
            "several labels           | ,\"label\":[\"a\",\"b\"]          | field 'label': expected a string, got [\"a\",\"b\"]",
            "two names for 3 classes  | ,\"classes\":[\"a\",\"b\"]          | field 'classes': expected 3 names, got 2",
    })
    void badNamesAreRefusedNamingTheField(String what, String fields, String problem) {
        String json = TWO_INPUTS_THREE_CLASSES + fields + "}";
        assertEquals("m.json: " + problem, assertThrows(ModelFile.InvalidModelException.class,
                () -> ModelFile.parse(json, "m.json")).getMessage());
    }
}
