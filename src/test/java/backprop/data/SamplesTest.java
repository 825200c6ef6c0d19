package backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SamplesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String error(Path data) {
        return assertThrows(DataException.class, () -> Samples.read(data).classLabels())
                .getMessage();
    }

    @Test
    void csvWithHeaderTakesTheLastColumnAsLabelByDefault() throws IOException {
        Samples s = Samples.readLabelled(write("a.csv", "x1,x2,y\n1,2,0\n\n3,4,1\n"), null, null);
        assertEquals(2, s.rows());
        assertEquals(2, s.inputs());
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.features());
        assertArrayEquals(new int[] {0, 1}, s.classLabels());
    }

    @Test
    void labelColumnByNameOrIndexAndWithoutHeader() throws IOException {
        Path named = write("b.csv", "y, x1 ,\"x2\"\n2,1.5,-2\n0,3,4e1\n");
        Samples byName = Samples.readLabelled(named, null, "y");
        assertArrayEquals(new float[] {1.5f, -2, 3, 40}, byName.features());
        assertArrayEquals(new int[] {2, 0}, byName.classLabels());
        Path withMark = write("bom.csv", "\uFEFFy,x\r\n1,5\r\n0,6\r\n");
        assertArrayEquals(new float[] {5, 6}, Samples.readLabelled(withMark, null, "y").features());
        Samples byIndex = Samples.readLabelled(write("c.csv", "2,1.5,-2\n0,3,4\n"), null, "0");
        assertArrayEquals(new float[] {1.5f, -2, 3, 4}, byIndex.features());
        assertArrayEquals(new int[] {2, 0}, byIndex.classLabels());
        assertEquals("c.csv: --label 'y' is not a column index (the file has no header)", assertThrows(
                DataException.class, () -> Samples.readLabelled(dir.resolve("c.csv"), null, "y")).getMessage()
                .replace(dir + "/", ""));
    }

    @Test
    void badCsvValuesAreReportedAtTheirLineAndColumn() throws IOException {
        String at = dir + "/";
        assertEquals(at + "e.csv: the file is empty", error(write("e.csv", "\n\n")));
        assertEquals(at + "h.csv: the header has no data rows under it", error(write("h.csv", "a,b\n")));
        assertEquals(at + "r.csv:3: expected 3 columns, found 2", error(write("r.csv", "a,b,y\n1,2,0\n1,2\n")));
        assertEquals(at + "t.csv:3: column b: 'abc' is not a number", error(write("t.csv", "a,b,y\n1,2,0\n1,abc,1\n")));
        assertEquals(at + "m.csv:2: column 1: the value is missing", error(write("m.csv", "1,2,0\n1,,1\n")));
        assertEquals(at + "n.csv:2: column a: 'NaN' is not a finite number", error(write("n.csv", "a,y\nNaN,1\n")));
        assertEquals(at + "i.csv:3: column a: '-inf' is not a finite number", error(write("i.csv", "a,y\n1,0\n-inf,1\n")));
        assertEquals(at + "j.csv:2: column a: '0x10' is not a number", error(write("j.csv", "a,y\n0x10,1\n")));
        assertEquals(at + "g.csv:3: column y: label -1 is negative; classes are numbered from 0",
                error(write("g.csv", "a,y\n1,0\n2,-1\n")));
        assertEquals(at + "f.csv:2: column y: label 0.5 is not an integer class number (for numeric targets, train"
                + " with --task regression)",
                error(write("f.csv", "a,y\n1,0.5\n")));
    }

    @Test
    void aLabelOutsideTheAllowedClassesNamesItsLineAfterASplit() throws IOException {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int r = 0; r < 20; r++) csv.append(r).append(',').append(r == 13 ? 7 : r % 2).append('\n');
        Samples[] parts = Samples.readLabelled(write("s.csv", csv.toString()), null, null).split(0.5, 1);
        Samples withSeven = Arrays.stream(parts).filter(p -> {
            try {
                return p.classes().contains(7);
            } catch (DataException e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        DataException e = assertThrows(DataException.class,
                () -> withSeven.classLabels(new TreeSet<>(List.of(0, 1)), "the training"));
        assertEquals(dir + "/s.csv:15: column y: label 7 is not one of the training classes (0, 1)", e.getMessage());
    }

    @Test
    void splitIsSeededAndKeepsEveryRowOnce() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 10; r++) csv.append(r).append(",").append(r % 2).append('\n');
        Samples all = Samples.readLabelled(write("p.csv", csv.toString()), null, null);
        Samples[] a = all.split(0.3, 5);
        Samples[] b = all.split(0.3, 5);
        assertEquals(7, a[0].rows());
        assertEquals(3, a[1].rows());
        assertArrayEquals(a[1].features(), b[1].features());
        float[] seen = new float[10];
        System.arraycopy(a[0].features(), 0, seen, 0, 7);
        System.arraycopy(a[1].features(), 0, seen, 7, 3);
        Arrays.sort(seen);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, seen);
        assertFalse(Arrays.equals(a[1].features(), all.split(0.3, 6)[1].features()));
    }

    @Test
    void inputsForPredictionDropTheLabelColumnOnlyWhenPresent() throws IOException {
        Path withLabel = write("w.csv", "a,b,y\n1,2,1\n");
        assertArrayEquals(new float[] {1, 2}, Samples.readInputs(withLabel, null, 2).features());
        assertArrayEquals(new float[] {2, 1}, Samples.readInputs(withLabel, "a", 2).features());
        Samples allInputs = Samples.readInputs(withLabel, null, 3);
        assertArrayEquals(new float[] {1, 2, 1}, allInputs.features());
        assertFalse(allInputs.hasLabels());
        assertEquals(dir + "/w.csv: has 3 columns, but the model has 5 inputs (plus, optionally, a label column)",
                assertThrows(DataException.class, () -> Samples.readInputs(withLabel, null, 5)).getMessage());
    }

    @Test
    void severalLabelColumnsAreRegressionTargets() throws IOException {
        Path data = write("t.csv", "y2,a,y1,b\n0.5,1,10,2\n-1.5,3,20,4\n");
        Samples s = Samples.readLabelled(data, null, "y1,y2");
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.features());
        assertEquals(2, s.targetCount());
        assertArrayEquals(new float[] {10, 0.5f, 20, -1.5f}, s.targets());
        assertEquals(List.of("y1", "y2"), s.columns(List.of()).labels());
        assertEquals(List.of("a", "b"), s.columns(List.of()).inputNames());
        assertEquals(data + ": --label names 2 columns; several targets are for --task regression",
                assertThrows(DataException.class, s::classLabels).getMessage());
        assertEquals(data + ": --label names column y1 twice",
                assertThrows(DataException.class, () -> Samples.readLabelled(data, null, "y1,2")).getMessage());
        assertEquals(data + ": has only the label columns; it needs input columns besides them",
                assertThrows(DataException.class, () -> Samples.readLabelled(data, null, "y2,a,y1,b")).getMessage());
        Path bad = write("bad.csv", "a,y\n1,2\n2,\n");
        assertEquals(bad + ":3: column y: the target is missing",
                assertThrows(DataException.class, () -> Samples.read(bad).targets()).getMessage());
        Path comma = write("comma.csv", "a,\"y, in cm\"\n1,2.5\n2,3.5\n");
        assertArrayEquals(new float[] {2.5f, 3.5f}, Samples.readLabelled(comma, null, "y, in cm").targets());
    }

    @Test
    void textLabelsAreClassNamesSortedAsTextWithOrWithoutAHeader() throws IOException {
        Samples headed = Samples.read(write("h.csv", "x,y\n1,b\n2,a\n3,b\n"));
        assertEquals(List.of("a", "b"), headed.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, headed.classLabels());
        Samples bare = Samples.read(write("bare.csv", "5.1,Iris-setosa\n6.3,Iris-virginica\n"));
        assertEquals(2, bare.rows());
        assertEquals(List.of("Iris-setosa", "Iris-virginica"), bare.classNames());
        assertEquals(List.of(), Samples.read(write("n.csv", "x,y\n1,2\n2,0\n")).classNames());
        assertEquals(dir + "/e.csv:3: column y: the label is missing",
                assertThrows(DataException.class, () -> Samples.read(write("e.csv", "x,y\n1,a\n2,\n")).classNames())
                        .getMessage());
    }

    @Test
    void theDelimiterIsTheMostFrequentOfCommaSemicolonAndTabOutsideQuotes() {
        assertEquals(';', CsvReader.detectDelimiter("id;a;b;label"));
        assertEquals('\t', CsvReader.detectDelimiter("a\tb,c\td"));
        assertEquals(',', CsvReader.detectDelimiter("a,b;c"));
        assertEquals(',', CsvReader.detectDelimiter("\"x;y;z\",b,c"));
        assertEquals(',', CsvReader.detectDelimiter("single"));
    }

    @Test
    void quotedFieldsMayHoldTheDelimiterAndDoubledQuotes() throws IOException {
        assertArrayEquals(new String[] {"a,b", "say \"hi\"", "", "c"},
                CsvReader.split(" \"a,b\" ,\"say \"\"hi\"\"\",,c", ',', "f.csv", 1));
        assertEquals("f.csv:4: a quote is never closed",
                assertThrows(DataException.class, () -> CsvReader.split("\"a,b", ',', "f.csv", 4)).getMessage());
        assertEquals("f.csv:4: text after a closing quote (a quote inside a quoted field is written \"\")",
                assertThrows(DataException.class, () -> CsvReader.split("\"a\"b,c", ',', "f.csv", 4)).getMessage());
    }

    @Test
    void ignoredColumnsAreNotReadAndTheLabelIsTheLastColumnLeft() throws IOException {
        Path data = write("ids.csv", "x,y,id\n1,0,A-1\n2,1,B-2\n");
        Samples s = Samples.read(data, null, new CsvOptions(null, null, List.of("id"), List.of()));
        assertArrayEquals(new float[] {1, 2}, s.features());
        assertArrayEquals(new int[] {0, 1}, s.classLabels());
        assertEquals(data + ": the label column id is also in --ignore", assertThrows(DataException.class,
                () -> Samples.read(data, null, new CsvOptions(null, "id", List.of("id"), List.of()))).getMessage());
        assertEquals(data + ": --ignore 3 is not a column index (the file has columns 0..2)",
                assertThrows(DataException.class, () -> Samples.read(data, null,
                        new CsvOptions(null, null, List.of("3"), List.of()))).getMessage());
    }

    @Test
    void gzipIsReadTransparentlyAndCorruptGzipIsNamed() throws IOException {
        Path gz = dir.resolve("z.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,y\n5,1\n6,0\n".getBytes());
        }
        assertArrayEquals(new float[] {5, 6}, Samples.read(gz).features());
        byte[] bytes = Files.readAllBytes(gz);
        Path truncated = dir.resolve("cut.csv.gz");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 12));
        assertEquals(truncated + ": corrupt gzip data (it ends too early)", error(truncated));
        Path notGzip = write("plain.csv.gz", "a,y\n1,0\n");
        assertEquals(notGzip + ": corrupt gzip data (Not in GZIP format)", error(notGzip));
    }

    @Test
    void missingFilesAndFoldersAreNamed() {
        assertEquals(dir + "/nope.csv: no such file", error(dir.resolve("nope.csv")));
        assertEquals(dir + ": is a folder, not a file", error(dir));
    }

    static byte[] idx(int magic, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) out.writeInt(d);
        for (int i = 0; i < dataBytes; i++) out.writeByte(i % 3);
        return bytes.toByteArray();
    }

    @Test
    void idxImagesFindTheirSiblingLabels() throws IOException {
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {3, 2, 2}, 12));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {3}, 3));
        Samples s = Samples.read(images);
        assertEquals(3, s.rows());
        assertEquals(4, s.inputs());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, s.features());
        assertArrayEquals(new int[] {0, 1, 2}, s.classLabels());
    }

    @Test
    void badIdxFilesAreNamedWithTheirProblem() throws IOException {
        Files.write(dir.resolve("x-labels-idx1-ubyte"), idx(0x801, new int[] {3}, 3));
        Path magic = Files.write(dir.resolve("x-images-idx3-ubyte"), idx(0x1234, new int[] {3, 2, 2}, 12));
        assertEquals(magic + ": wrong magic number 0x00001234 (expected 0x00000803, IDX images of unsigned bytes)",
                error(magic));
        Files.write(magic, idx(0x801, new int[] {12}, 12));
        assertEquals(magic + ": has 1 dimensions, but images need 3 (idx3)", error(magic));
        Files.write(magic, idx(0x803, new int[] {3, 0, 2}, 0));
        assertEquals(magic + ": dimension 1 is 0", error(magic));
        Files.write(magic, idx(0x803, new int[] {3, 2, 2}, 10));
        assertEquals(magic + ": truncated: the header promises 12 bytes of data, found 10", error(magic));
        Files.write(magic, idx(0x803, new int[] {2, 2, 2}, 8));
        assertEquals(dir + "/x-labels-idx1-ubyte: has 3 labels but " + magic + " has 2 images", error(magic));
    }
}
