package backprop.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench/ab}'s runner: JMH forks of two benchmark jars, alternated in a seeded random order (each round runs
 * A then B or B then A), one fork per JMH invocation, so each fork is one sample; then {@link AbComparison} per
 * benchmark, a table, the results as JSON and a chart of every fork's score. Exits 1 on a regression.
 *
 * <pre>Ab --base JAR --new JAR --base-label TEXT --new-label TEXT --out PREFIX --work DIR [--workloads xor,mnist]
 *    [--backend scalar,vector] [--kernels] [--forks N] [--threshold PERCENT] [--quick] [--seed N]</pre>
 */
public final class Ab {

    /**
     * Three measured iterations of 0.4 s after two warm-ups of 1 s: a sample per fork, cheap enough to take many.
     * Two warm-ups, because after one the vector kernels are still partly interpreted and the sample measures the
     * JIT, not the code; three short iterations rather than one long one, because the fork's sample is its fastest
     * iteration (see {@link BenchResult#bestIteration}), and one iteration has nothing to choose from.
     */
    private static final List<String> QUICK_SETTINGS = List.of("-wi", "2", "-w", "1s", "-i", "3", "-r", "400ms");
    private static final List<String> FULL_SETTINGS = List.of("-wi", "3", "-w", "2s", "-i", "3", "-r", "2s");

    private Ab() {
    }

    private record Build(String label, Path jar) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            boolean flag = name.equals("--quick") || name.equals("--kernels");
            options.put(name, flag ? "true" : args[++i]);
        }
        Build base = new Build(options.get("--base-label"), Path.of(options.get("--base")));
        Build candidate = new Build(options.get("--new-label"), Path.of(options.get("--new")));
        boolean quick = options.containsKey("--quick");
        int forks = Integer.parseInt(options.getOrDefault("--forks", quick ? "6" : "10"));
        double threshold = Double.parseDouble(options.getOrDefault("--threshold", "5"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "1"));
        String out = options.get("--out");
        List<List<String>> invocations = invocations(options.getOrDefault("--workloads", "xor,digits,mnist"),
                options.getOrDefault("--backend", "scalar,vector"), options.containsKey("--kernels"),
                quick ? QUICK_SETTINGS : FULL_SETTINGS);

        Path forkResults = Path.of(options.get("--work"));
        Files.createDirectories(forkResults);
        Map<String, List<BenchResult>> baseForks = new LinkedHashMap<>();
        Map<String, List<BenchResult>> newForks = new LinkedHashMap<>();
        Random order = new Random(seed);
        StringBuilder sequence = new StringBuilder();
        for (int round = 0; round < forks; round++) {
            boolean baseFirst = order.nextBoolean();
            for (Build build : baseFirst ? List.of(base, candidate) : List.of(candidate, base)) {
                boolean isBase = build == base;
                sequence.append(isBase ? 'A' : 'B');
                System.err.printf("bench/ab: round %d/%d, %s (%s)%n", round + 1, forks, isBase ? "BASE" : "NEW",
                        build.label());
                for (int i = 0; i < invocations.size(); i++) {
                    Path json = forkResults.resolve((isBase ? "base" : "new") + "-" + round + "-" + i + ".json");
                    for (BenchResult r : runFork(build.jar(), invocations.get(i), json)) {
                        (isBase ? baseForks : newForks).computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }

        List<AbComparison> comparisons = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> entry : baseForks.entrySet()) {
            List<BenchResult> newResults = newForks.get(entry.getKey());
            if (newResults == null) {
                System.out.println(entry.getKey() + ": missing from NEW");
                continue;
            }
            comparisons.add(AbComparison.of(entry.getKey(), scores(entry.getValue()), scores(newResults),
                    bytes(entry.getValue()), bytes(newResults), threshold));
        }
        System.out.printf("BASE %s%nNEW  %s%n%s forks each, order %s (seed %d), threshold %.1f%%%n%n", base.label(),
                candidate.label(), forks, sequence, seed, threshold);
        System.out.print(AbReport.table(comparisons));

        MachineClass machine = MachineClass.current();
        ObjectNode record = RunRecord.JSON.createObjectNode();
        record.put("date", OffsetDateTime.now().toString());
        record.put("command", options.getOrDefault("--command", ""));
        record.put("base", base.label());
        record.put("new", candidate.label());
        record.put("forks", forks);
        record.put("seed", seed);
        record.put("order", sequence.toString());
        record.put("thresholdPercent", threshold);
        record.put("quick", quick);
        machine.writeTo(record.putObject("machine"));
        record.set("benchmarks", AbReport.toJson(comparisons));
        Path jsonFile = Path.of(out + ".json");
        RunRecord.JSON.writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), record);
        Path chartFile = Path.of(out + ".png");
        writeChart(comparisons, base.label(), candidate.label(), chartFile);
        System.out.printf("%nresults: %s%nchart: %s%n", jsonFile, chartFile);

        List<String> failures = AbReport.failures(comparisons, threshold);
        if (!failures.isEmpty()) {
            System.out.println("\nFAILED:");
            failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
    }

    /** The JMH arguments of one fork of one build: the training epochs, and the kernels when asked. */
    static List<List<String>> invocations(String workloads, String backends, boolean kernels, List<String> settings) {
        List<List<String>> invocations = new ArrayList<>();
        List<String> epochs = new ArrayList<>(List.of("EpochBenchmark\\.epoch", "-p", "workload=" + workloads,
                "-p", "backend=" + backends));
        epochs.addAll(settings);
        invocations.add(epochs);
        if (kernels) {
            List<String> kernel = new ArrayList<>(List.of("KernelBenchmark", "-p", "backend=" + backends));
            kernel.addAll(settings);
            invocations.add(kernel);
        }
        return invocations;
    }

    private static List<BenchResult> runFork(Path jar, List<String> jmhArgs, Path json)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector"));
        command.addAll(classFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(jmhArgs);
        command.addAll(List.of("-f", "1", "-prof", "gc", "-rf", "json", "-rff", json.toString()));
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(json.resolveSibling(json.getFileName() + ".log").toFile()).start();
        if (jmh.waitFor() != 0 || !Files.exists(json) || Files.size(json) == 0) {
            throw new IOException("JMH failed, see " + json + ".log: " + String.join(" ", command));
        }
        return BenchResult.fromJmh(RunRecord.JSON.readTree(json.toFile()));
    }

    /**
     * The flags among this JVM's own that choose the machine class (bench/ab --class), which every fork gets too, so
     * that both builds run as the class this runner records.
     */
    static List<String> classFlags(List<String> jvmArguments) {
        List<String> flags = new ArrayList<>();
        for (String argument : jvmArguments) {
            if (argument.startsWith("-XX:UseAVX=") || argument.startsWith("-XX:MaxVectorSize=")) flags.add(argument);
        }
        return flags;
    }

    private static double[] scores(List<BenchResult> forks) {
        return forks.stream().mapToDouble(BenchResult::bestIteration).toArray();
    }

    private static double[] bytes(List<BenchResult> forks) {
        return forks.stream().map(BenchResult::bytesPerOp).filter(b -> b.isPresent())
                .mapToDouble(b -> b.getAsDouble()).toArray();
    }

    /** Every fork's score over its benchmark's BASE median, BASE left of each benchmark's mark and NEW right. */
    private static void writeChart(List<AbComparison> comparisons, String baseLabel, String newLabel, Path png)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(500)
                .title("bench/ab: each fork's score / BASE median")
                .xAxisTitle("benchmark (numbered as the table's rows)").yAxisTitle("score / BASE median").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        // below the plot: the builds' labels are commit subjects, too wide to sit beside it
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        addPoints(chart, "BASE " + baseLabel, comparisons, true);
        addPoints(chart, "NEW " + newLabel, comparisons, false);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addPoints(XYChart chart, String name, List<AbComparison> comparisons, boolean base) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            AbComparison c = comparisons.get(i);
            for (double score : base ? c.base() : c.candidate()) {
                x.add(i + 1 + (base ? -0.15 : 0.15));
                y.add(score / c.baseMedian());
            }
        }
        chart.addSeries(name, x, y).setMarker(base ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
    }
}
