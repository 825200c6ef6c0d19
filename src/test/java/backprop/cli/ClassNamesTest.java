package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels that are names: train stores them sorted, predict writes them, evaluate labels its matrix with them. */
class ClassNamesTest {

    private static final int[] ALL_COLUMNS = {0, 1, 2, 3, 4, 5};

    @TempDir
    Path dir;

    @Test
    void classNamesRoundTripFromTrainingToPredictionsAndTheConfusionMatrix() throws IOException {
        Path flowers = TestFiles.flowers(dir.resolve("flowers.csv"), 90, ',', ALL_COLUMNS);
        Path model = dir.resolve("flowers.json");
        CommandRun trained = CommandRun.of("train", "--data", flowers.toString(), "--ignore", "id", "--normalize",
                "standard", "--epochs", "40", "--backend", "scalar", "--quiet", "--save", model.toString());
        assertEquals(0, trained.exit(), trained.err());
        assertTrue(trained.out().contains("accuracy 1.0000"), trained.out());

        Network network = ModelFile.read(model);
        assertEquals(List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"), network.columns().classNames());
        assertEquals(List.of("sepal_len", "sepal_wid", "petal_len", "petal_wid"), network.columns().inputNames());
        assertEquals("species", network.columns().label());

        CommandRun predicted = CommandRun.of("predict", "--model", model.toString(), "--data", flowers.toString(),
                "--ignore", "id", "--keep", "id,species");
        assertEquals(0, predicted.exit(), predicted.err());
        List<String> lines = predicted.out().lines().toList();
        assertEquals("id,species,prediction,p_Iris-setosa,p_Iris-versicolor,p_Iris-virginica", lines.get(0));
        assertEquals(91, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertEquals(fields[1], fields[2], "each flower is predicted as its species: " + line);
            assertTrue(fields[0].startsWith("F-"), line);
        }

        CommandRun evaluated = CommandRun.of("evaluate", "--model", model.toString(), "--data", flowers.toString(),
                "--ignore", "id");
        assertEquals(0, evaluated.exit(), evaluated.err());
        assertTrue(evaluated.out().endsWith(String.join("\n",
                "confusion matrix (rows: actual class, columns: predicted class)",
                "                     Iris-setosa Iris-versicolor  Iris-virginica",
                "     Iris-setosa              30               0               0",
                " Iris-versicolor               0              30               0",
                "  Iris-virginica               0               0              30", "")), evaluated.out());
    }

    @Test
    void twoClassNamesGiveOneOutputWhoseProbabilityIsTheSecondClass() throws IOException {
        StringBuilder csv = new StringBuilder("x,animal\n");
        for (int r = 0; r < 40; r++) csv.append(r % 2 == 0 ? -1 - r * 0.01 : 1 + r * 0.01).append(',')
                .append(r % 2 == 0 ? "dog" : "cat").append('\n');
        Path data = Files.writeString(dir.resolve("pets.csv"), csv);
        Path model = dir.resolve("pets.json");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--epochs", "30", "--quiet", "--save",
                model.toString()).exit());
        CommandRun predicted = CommandRun.of("predict", "--model", model.toString(), "--data", data.toString());
        List<String> lines = predicted.out().lines().toList();
        assertEquals("prediction,p_dog", lines.get(0));
        for (int r = 0; r < 40; r++) {
            String[] fields = lines.get(r + 1).split(",");
            assertEquals(r % 2 == 0 ? "dog" : "cat", fields[0], lines.get(r + 1));
            assertEquals(r % 2 == 0, Float.parseFloat(fields[1]) > 0.5f, lines.get(r + 1));
        }
    }

    @Test
    void integerLabelsStayClassNumbers() throws IOException {
        Path data = TestFiles.clusters(dir.resolve("c.csv"), 60, 3, 1);
        Path model = dir.resolve("c.json");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--epochs", "5", "--quiet", "--save",
                model.toString()).exit());
        assertEquals(List.of(), ModelFile.read(model).columns().classNames());
        assertTrue(CommandRun.of("predict", "--model", model.toString(), "--data", data.toString()).out()
                .startsWith("prediction,p0,p1,p2\n"));
        assertTrue(CommandRun.of("evaluate", "--model", model.toString(), "--data", data.toString()).out()
                .contains("           0     1     2\n     0"));
    }

    @Test
    void labelsThatAreAllNumbersButNotAllIntegersNameTaskRegression() throws IOException {
        Path data = Files.writeString(dir.resolve("prices.csv"), "size,price\n50,1\n70,2.5\n");
        CommandRun run = CommandRun.of("train", "--data", data.toString());
        assertEquals(1, run.exit());
        assertEquals("train: " + data + ":3: column price: label 2.5 is not an integer class number (for numeric"
                + " targets, train with --task regression)\n", run.err());
    }

    @Test
    void aLabelThatIsNotANumberMakesEveryLabelAClassNameSortedAsText() throws IOException {
        Path data = Files.writeString(dir.resolve("mixed.csv"), "x,y\n1,10\n2,9\n3,b\n4,10\n");
        Path model = dir.resolve("mixed.json");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--epochs", "1", "--quiet", "--save",
                model.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("10", "9", "b"), ModelFile.read(model).columns().classNames());
    }

    @Test
    void aTestFileWithAClassTheTrainingFileLacksIsNamed() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "x,y\n1,cat\n2,dog\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "x,y\n1,cat\n2,cow\n");
        CommandRun run = CommandRun.of("train", "--data", train.toString(), "--test", test.toString());
        assertEquals(1, run.exit());
        assertEquals("train: " + test + ":3: column y: label 'cow' is not one of the training classes (cat, dog)\n",
                run.err());
    }
}
