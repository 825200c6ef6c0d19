package backprop.readme;

import backprop.Activation;
import backprop.Init;
import backprop.Metrics;
import backprop.ModelFile;
import backprop.Network;
import backprop.Normalization;
import backprop.OnnxPython;
import backprop.Predictor;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Samples;
import backprop.kernel.ScalarKernels;
import backprop.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the user's manual honest, README.md and its longer companion docs/GUIDE.md: their command lines parse,
 * their model file reads back, their examples run; the README stays short.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path GUIDE = Path.of("docs/GUIDE.md");
    private static final long README_LIMIT_BYTES = 10_000;
    private static final Path EXAMPLES = Path.of("src/test/java/backprop/readme");
    private static final String JAR = "-jar target/backprop.jar";

    /** The README, then the guide. */
    private static String manual() throws IOException {
        return Files.readString(README) + "\n" + Files.readString(GUIDE);
    }

    @Test
    void theReadmeIsUnderTenKilobytes() throws IOException {
        long size = Files.size(README);
        assertTrue(size < README_LIMIT_BYTES, "README.md has " + size + " bytes; move detail to docs/GUIDE.md");
    }

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        List<String> commandLines = commandLines(manual());
        assertTrue(commandLines.size() >= 7, "too few command lines found in README.md and docs/GUIDE.md: "
                + commandLines);
        for (String line : commandLines) {
            String[] args = arguments(line);
            try {
                Main.commandLine().parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                fail("README.md or docs/GUIDE.md: " + line + "\n  does not parse: " + e.getMessage());
            }
        }
    }

    @Test
    void everyCommandIsDocumented() throws IOException {
        String readme = Files.readString(README);
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            assertTrue(readme.contains("- `" + command), "README.md's command list lacks " + command);
        }
    }

    @Test
    void documentedModelFileReadsBack() throws IOException {
        Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(manual());
        assertTrue(json.find(), "README.md has no ```json block");
        Network network = ModelFile.parse(json.group(1), "README.md");
        assertArrayEquals(new int[] {2, 2, 1}, network.layers());
        assertNotNull(network.normalization());
        assertEquals(List.of("cat", "dog"), network.columns().classNames());
        assertEquals(network.columns(), ModelFile.parse(ModelFile.toJson(network), "round trip").columns());
        assertEquals(network.layerCount(), ModelFile.parse(ModelFile.toJson(network), "round trip").layerCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"LibraryExample.java", "ServingExample.java"})
    void javaExampleIsInTheReadmeVerbatim(String example) throws IOException {
        String source = Files.readString(EXAMPLES.resolve(example));
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2).stripTrailing();
        assertTrue(manual().contains("```java\n" + withoutPackage + "\n```"),
                "README.md and docs/GUIDE.md have no verbatim copy of " + EXAMPLES.resolve(example));
    }

    @Test
    void libraryExampleRuns(@TempDir Path folder) throws Exception {
        Path model = folder.resolve("digits-model.json");
        LibraryExample.main(new String[] {model.toString()});
        Network network = ModelFile.read(model);
        assertArrayEquals(new int[] {64, 32, 10}, network.layers());
        assertNotNull(network.normalization());
    }

    @Test
    void servingExampleRuns(@TempDir Path folder) throws Exception {
        ServingExample.main(new String[] {digitsModel(folder).toString()});
    }

    /** The README's Python example, run on an exported model, names the classes {@code Predictor} predicts. */
    @Test
    void pythonServingExampleGivesPredictorsClasses(@TempDir Path folder) throws Exception {
        String python = OnnxPython.require();
        Matcher block = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(manual());
        assertTrue(block.find(), "README.md has no ```python block");
        String example = block.group(1);
        assertEquals(5, example.lines().count(), "the Python example is 5 lines:\n" + example);
        Path model = digitsModel(folder);
        assertEquals(0, Main.run("export", "--model", model.toString(), "--onnx",
                folder.resolve("digits.onnx").toString()));
        Files.createDirectories(folder.resolve("data"));
        Files.copy(Path.of("data/digits.csv"), folder.resolve("data/digits.csv"));
        Files.writeString(folder.resolve("example.py"), example);

        OnnxPython.Result run = OnnxPython.run(List.of(python, "example.py"), folder, 120);

        assertEquals(0, run.exit(), run.output());
        Predictor predictor = Predictor.load(model);
        float[] outputs = new float[10 * predictor.outputs()];
        predictor.predict(Samples.read(Path.of("data/digits.csv")).features(), 10, outputs);
        StringBuilder classes = new StringBuilder("[");
        for (int r = 0; r < 10; r++) {
            classes.append(r == 0 ? "" : " ").append(Metrics.predictedClass(outputs, r * 10, 10));
        }
        assertEquals(classes.append(']').toString(), run.output().strip());
    }

    /** A digits model (64 raw pixel columns in, 10 classes out) with the normalization training stores. */
    private static Path digitsModel(Path folder) throws IOException {
        Samples digits = Samples.read(Path.of("data/digits.csv"));
        Network network = Network.create(new int[] {64, 32, 10}, Activation.SIGMOID, Activation.SOFTMAX, Init.XAVIER,
                3);
        Normalization scaling = Normalization.fit(Normalization.Method.MINMAX, digits.features(), digits.rows(),
                digits.inputs());
        network.setNormalization(scaling);
        // a few epochs, so that the rows' classes differ and comparing them means something
        scaling.apply(digits.features(), digits.rows());
        Trainer trainer = new Trainer(network, digits.toDataset(), new ScalarKernels(),
                TrainingConfig.defaults().withLearningRate(0.2f).withMomentum(0.9f).withBatchSize(32));
        for (int epoch = 0; epoch < 3; epoch++) trainer.epoch();
        Path model = folder.resolve("digits-model.json");
        ModelFile.write(network, model);
        return model;
    }

    /** Every {@code java --add-modules ... -jar target/backprop.jar ...} command, continuation lines joined. */
    static List<String> commandLines(String markdown) {
        List<String> found = new ArrayList<>();
        String[] lines = markdown.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int java = lines[i].indexOf("java --add-modules");
            // a line's command may follow another ("./mvnw ... && java ..."); COMMAND is a placeholder, not a command
            if (!lines[i].contains(JAR) || java < 0 || lines[i].contains("COMMAND")) continue;
            StringBuilder line = new StringBuilder(lines[i].substring(java).trim());
            while (line.charAt(line.length() - 1) == '\\' && i + 1 < lines.length) {
                line.setLength(line.length() - 1);
                line.append(' ').append(lines[++i].trim());
            }
            String text = line.toString();
            // inline code spans end at the backtick
            int tick = text.indexOf('`');
            found.add(tick < 0 ? text : text.substring(0, tick));
        }
        return found;
    }

    /**
     * The arguments after the jar; the shell variables the docs use become a placeholder ({@code $F}, a folder;
     * {@code $s}, a loop's seed), the command ends at a comment.
     */
    static String[] arguments(String commandLine) {
        String rest = commandLine.substring(commandLine.indexOf(JAR) + JAR.length());
        int comment = rest.indexOf(" #");
        if (comment >= 0) rest = rest.substring(0, comment);
        rest = rest.replace("$F", "/data").replace("$s", "42");
        String trimmed = rest.trim();
        return trimmed.isEmpty() ? new String[0] : Arrays.stream(trimmed.split("\\s+")).toArray(String[]::new);
    }
}
