package backprop.readme;

import backprop.ModelFile;
import backprop.Network;
import backprop.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** Keeps README.md honest: its command lines parse, its model file reads back, its library example runs. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path LIBRARY_EXAMPLE = Path.of("src/test/java/backprop/readme/LibraryExample.java");
    private static final String JAR = "-jar target/backprop.jar";

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        List<String> commandLines = commandLines(Files.readString(README));
        assertTrue(commandLines.size() >= 7, "too few command lines found in README.md: " + commandLines);
        for (String line : commandLines) {
            String[] args = arguments(line);
            try {
                Main.commandLine().parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                fail("README.md: " + line + "\n  does not parse: " + e.getMessage());
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
        Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        assertTrue(json.find(), "README.md has no ```json block");
        Network network = ModelFile.parse(json.group(1), "README.md");
        assertArrayEquals(new int[] {2, 2, 1}, network.layers());
        assertNotNull(network.normalization());
        assertEquals(List.of("cat", "dog"), network.columns().classNames());
        assertEquals(network.columns(), ModelFile.parse(ModelFile.toJson(network), "round trip").columns());
        assertEquals(network.layerCount(), ModelFile.parse(ModelFile.toJson(network), "round trip").layerCount());
    }

    @Test
    void libraryExampleIsInTheReadmeVerbatim() throws IOException {
        String source = Files.readString(LIBRARY_EXAMPLE);
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2).stripTrailing();
        assertTrue(Files.readString(README).contains("```java\n" + withoutPackage + "\n```"),
                "README.md's library example differs from " + LIBRARY_EXAMPLE);
    }

    @Test
    void libraryExampleRuns(@TempDir Path folder) throws Exception {
        Path model = folder.resolve("digits-model.json");
        LibraryExample.main(new String[] {model.toString()});
        Network network = ModelFile.read(model);
        assertArrayEquals(new int[] {64, 32, 10}, network.layers());
        assertNotNull(network.normalization());
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

    /** The arguments after the jar; shell variables become a placeholder path, the command ends at a comment. */
    static String[] arguments(String commandLine) {
        String rest = commandLine.substring(commandLine.indexOf(JAR) + JAR.length());
        int comment = rest.indexOf(" #");
        if (comment >= 0) rest = rest.substring(0, comment);
        rest = rest.replace("$F", "/data");
        String trimmed = rest.trim();
        return trimmed.isEmpty() ? new String[0] : Arrays.stream(trimmed.split("\\s+")).toArray(String[]::new);
    }
}
