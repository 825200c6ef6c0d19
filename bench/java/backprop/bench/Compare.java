package backprop.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code bench/compare [BASE.json] NEW.json [--threshold PERCENT]}: the change of every benchmark both runs have,
 * with both error bars. Exits 1 when a result got worse by more than the threshold (default 10%) and by more than
 * the two error bars together, when a training benchmark allocates, or when vector/scalar falls under a floor.
 * Both files may be {@code bench/run} results or bare JMH JSON. Speed is judged only between runs of one
 * {@link MachineClass}: across classes it exits 2 saying why, after judging allocation and the floors. Without
 * BASE, the stored baseline of NEW's class and JDK in {@code bench/baselines/} is the base.
 */
public final class Compare {

    static final double DEFAULT_THRESHOLD_PERCENT = 10;
    /** The stored baselines, one per {@link MachineClass} and JDK release, named by {@link #baselineName}. */
    static final Path BASELINES = Path.of(System.getProperty("bench.baselines", "bench/baselines"));

    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        List<String> files = new ArrayList<>();
        double threshold = DEFAULT_THRESHOLD_PERCENT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threshold")) threshold = Double.parseDouble(args[++i]);
            else files.add(args[i]);
        }
        if (files.size() == 1) {
            // the stored baseline of the new run's machine class
            RunRecord run = RunRecord.read(Path.of(files.get(0)));
            MachineClass machineClass = MachineClass.fromJson(run.machine());
            Path baseline = BASELINES.resolve(baselineName(run));
            if (!Files.exists(baseline)) {
                System.err.println("bench/compare: no stored baseline for this run's machine class and JDK ("
                        + machineClass + ", JDK " + jdkRelease(run.machine())
                        + "): " + baseline + " does not exist. Record one with bench/run on such a machine and copy"
                        + " its JSON there, or compare two builds with bench/ab.");
                System.exit(2);
            }
            System.out.println("baseline: " + baseline);
            files.add(0, baseline.toString());
        }
        if (files.size() != 2) {
            System.err.println("usage: bench/compare [BASE.json] NEW.json [--threshold PERCENT]");
            System.exit(2);
        }
        Outcome outcome = compare(RunRecord.read(Path.of(files.get(0))), RunRecord.read(Path.of(files.get(1))),
                threshold / 100, System.out);
        List<String> failures = outcome.failures();
        if (failures.isEmpty() && !outcome.speedJudged()) {
            System.out.println("\nSpeed NOT judged: the runs are not known to be of one machine class, and across"
                    + " classes speeds differ whatever the code does:");
            outcome.machineDifferences().forEach(d -> System.out.println("  " + d));
            System.out.println("Allocation and the vector/scalar floors held. Compare two builds on one machine with"
                    + " bench/ab instead.");
            System.exit(2);
        } else if (failures.isEmpty()) {
            System.out.println("\nOK: no regression beyond " + threshold + "% and the error bars, no allocation,"
                    + " every floor held");
        } else {
            System.out.println("\nFAILED:");
            failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
    }

    /**
     * What a comparison found: the failures, and why speed was not judged (empty when it was).
     */
    record Outcome(List<String> failures, List<String> machineDifferences) {
        boolean speedJudged() {
            return machineDifferences.isEmpty();
        }
    }

    /** The stored baseline's file name for runs like {@code run}: its machine class and JDK release. */
    static String baselineName(RunRecord run) {
        return MachineClass.fromJson(run.machine()).fileName() + "-jdk" + jdkRelease(run.machine()) + ".json";
    }

    /** The JDK's feature release ({@code 17}, {@code 25}) a run recorded, or {@link MachineClass#UNKNOWN}. */
    static String jdkRelease(com.fasterxml.jackson.databind.JsonNode machine) {
        String jdk = machine.path("jdk").asText("");
        return jdk.matches("\\d+.*") ? jdk.replaceAll("^(\\d+).*", "$1") : MachineClass.UNKNOWN;
    }

    /** What failed, without the table. */
    static Outcome compare(RunRecord base, RunRecord current, double threshold) {
        return compare(base, current, threshold, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Prints the change of each common benchmark to {@code table} and returns what failed. */
    static Outcome compare(RunRecord base, RunRecord current, double threshold, PrintStream table) {
        List<String> machineDifferences = new ArrayList<>(MachineClass.fromJson(base.machine())
                .differencesFrom(MachineClass.fromJson(current.machine())));
        String baseJdk = jdkRelease(base.machine());
        String currentJdk = jdkRelease(current.machine());
        // another JDK is another compiler: its C2 moves the same kernels by tens of percent
        if (!baseJdk.equals(currentJdk)) machineDifferences.add("JDK differs: " + baseJdk + " vs " + currentJdk);
        Map<String, BenchResult> before = base.jmh().stream()
                .collect(Collectors.toMap(BenchResult::key, Function.identity(), (a, b) -> a));
        List<String> failures = new ArrayList<>();
        table.printf("%-58s %20s %20s %8s%n", "benchmark", "base", "new", "change");
        for (BenchResult now : current.jmh()) {
            BenchResult then = before.remove(now.key());
            if (then == null) {
                table.printf("%-58s %20s %20s%n", now.key(), "(not in base)", withError(now));
                continue;
            }
            double change = now.score() / then.score() - 1;
            // the machine's FMA ceiling is context for the rest, not code of ours that can regress
            boolean ours = !now.benchmark().equals(BenchResult.FMA_PEAK);
            boolean worse = ours && machineDifferences.isEmpty() && change < -threshold
                    && then.score() - now.score() > then.error() + now.error();
            table.printf("%-58s %20s %20s %+7.1f%%%s%n", now.key(), withError(then), withError(now),
                    100 * change, worse ? "  WORSE" : "");
            if (worse) {
                failures.add(String.format("%s: %.1f%% slower (%s -> %s)", now.key(), -100 * change, withError(then),
                        withError(now)));
            }
        }
        before.keySet().forEach(key -> table.printf("%-58s %20s%n", key, "(missing from new)"));
        failures.addAll(Checks.allocationFailures(current.jmh()));
        Checks.FLOORS.keySet().stream().filter(w -> Checks.speedup(current.jmh(), w).isEmpty()).forEach(w ->
                table.printf("%s: vector/scalar floor not checked, the new run lacks a backend%n", w.id()));
        failures.addAll(Checks.floorFailures(current.jmh(), Checks.FLOORS));
        return new Outcome(failures, machineDifferences);
    }

    private static String withError(BenchResult r) {
        return String.format("%.4g ± %.2g", r.score(), r.error());
    }
}
