package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files as people have them: semicolons or tabs, id columns, ids to join predictions back by. */
class CsvReadingTest {

    private static final int[] ALL_COLUMNS = {0, 1, 2, 3, 4, 5};

    @TempDir
    Path dir;

    /** The model file {@code train} saves for {@code data} with {@code options}. */
    private String trainedModel(Path data, String... options) throws IOException {
        Path model = dir.resolve(data.getFileName() + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--epochs", "3",
                "--backend", "scalar", "--quiet", "--save", model.toString()));
        args.addAll(List.of(options));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return Files.readString(model);
    }

    @Test
    void semicolonsAndTabsAreDetectedAndTrainAsCommasDo() throws IOException {
        String commas = trainedModel(TestFiles.flowers(dir.resolve("commas.csv"), 30, ',', ALL_COLUMNS), "--ignore",
                "id");
        assertEquals(commas, trainedModel(TestFiles.flowers(dir.resolve("semicolons.csv"), 30, ';', ALL_COLUMNS),
                "--ignore", "id"));
        assertEquals(commas, trainedModel(TestFiles.flowers(dir.resolve("tabs.tsv"), 30, '\t', ALL_COLUMNS),
                "--ignore", "id"));
        assertEquals(commas, trainedModel(TestFiles.flowers(dir.resolve("pipes.csv"), 30, '|', ALL_COLUMNS),
                "--ignore", "id", "--delimiter", "|"));
        assertEquals(commas, trainedModel(TestFiles.flowers(dir.resolve("tabs.txt"), 30, '\t', ALL_COLUMNS),
                "--ignore", "0", "--delimiter", "tab"));
    }

    @Test
    void aDelimiterThatCouldBePartOfANumberIsAUsageError() {
        CommandRun run = CommandRun.of("train", "--data", "any.csv", "--delimiter", ".");
        assertEquals(2, run.exit());
        assertEquals("train: Invalid value for option '--delimiter': expected one character that is not part of a"
                + " number, a quote or a space, or 'tab'; got '.' (see backprop train --help)\n", run.err());
    }

    @Test
    void anIdColumnNotIgnoredIsReadAsAnInputAndItsTextRefused() throws IOException {
        Path data = TestFiles.flowers(dir.resolve("ids.csv"), 30, ';', ALL_COLUMNS);
        CommandRun run = CommandRun.of("train", "--data", data.toString());
        assertEquals(1, run.exit());
        assertEquals("train: " + data + ":2: column id: 'F-0000' is not a number\n", run.err());
    }

    @Test
    void keptColumnsAreCopiedAheadOfThePredictionQuotedWhereNeeded() throws IOException {
        Path data = Files.writeString(dir.resolve("people.csv"), String.join("\n", "name;x;y",
                "\"Smith; John\";1;0", "\"O\"\"Neil, Ann\";2;1", "Lee;3;0", "Kim;4;1", ""));
        Path model = dir.resolve("people.json");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--ignore", "name", "--epochs", "1",
                "--quiet", "--save", model.toString()).exit());
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--ignore",
                "name", "--keep", "name,y");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("name,y,prediction,p", lines.get(0));
        assertTrue(lines.get(1).startsWith("Smith; John,0,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"O\"\"Neil, Ann\",1,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("Lee,0,"), lines.get(3));
    }

    @Test
    void aKeptColumnOfAFileWithoutHeaderIsNamedByItsIndex() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "1,0\n2,1\n3,0\n");
        Path model = dir.resolve("m.json");
        assertEquals(0, CommandRun.of("train", "--data", train.toString(), "--epochs", "1", "--quiet", "--save",
                model.toString()).exit());
        Path rows = Files.writeString(dir.resolve("rows.csv"), "a7,1\nb8,2\n");
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--keep", "0");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("0,prediction,p", lines.get(0));
        assertTrue(lines.get(1).startsWith("a7,"), lines.get(1));
    }
}
