package backprop.bench;

import backprop.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the JMH JSON files and peer lines of one {@code bench/run} into its results file, its CSV and the table it
 * prints. Usage: {@code Report --out RUN.json --csv RUN.csv --command CMD [--peers PEERS.jsonl] JMH.json...}, or
 * {@code Report --show RUN.json} to print the table of a stored run again.
 */
public final class Report {

    private static final List<String> KERNELS = List.of("forwardSigmoid", "weightGradient", "backpropDelta");
    private static final Pattern PROBE_FILE = Pattern.compile("probe-(\\d+)-(\\w+)\\.json");
    private static final Pattern CORES_FILE = Pattern.compile("cores-(\\w+)-(before|after)\\.json");
    /**
     * A probe below this share of the run's fastest marks a slow window: the shared hosts this project runs on slow
     * to about 0.7 of their speed for minutes at a time (docs/PERFORMANCE.md, "A shared host's noise").
     */
    static final double SLOW_WINDOW = 0.85;

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        List<Path> jmhFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) options.put(args[i], args[++i]);
            else jmhFiles.add(Path.of(args[i]));
        }
        if (options.containsKey("--show")) {
            System.out.print(table(RunRecord.read(Path.of(options.get("--show")))));
            return;
        }
        if (!options.containsKey("--out") || jmhFiles.isEmpty()) {
            System.err.println("usage: Report --out RUN.json [--csv RUN.csv] [--command CMD] [--peers PEERS.jsonl]"
                    + " [--machine-class CLASS.json] [--probes DIR] JMH.json...  |  Report --show RUN.json");
            System.exit(2);
        }
        Path out = Path.of(options.get("--out"));
        Files.writeString(out, RunRecord.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                merge(jmhFiles, options.get("--peers"), options.getOrDefault("--command", ""),
                        options.get("--machine-class"), options.get("--probes"))));
        RunRecord run = RunRecord.read(out);
        if (options.containsKey("--csv")) writeCsv(run, Path.of(options.get("--csv")));
        System.out.print(table(run));
    }

    private static ObjectNode merge(List<Path> jmhFiles, String peersFile, String command, String classFile,
                                    String probesDir) throws IOException {
        ObjectNode root = RunRecord.JSON.createObjectNode();
        root.put("date", OffsetDateTime.now().toString());
        root.put("command", command);
        ArrayNode jmh = root.putArray("jmh");
        for (Path file : jmhFiles) {
            // a JMH run whose every benchmark failed leaves an empty or missing file
            if (Files.exists(file) && Files.size(file) > 0) RunRecord.JSON.readTree(file.toFile()).forEach(jmh::add);
        }
        ObjectNode machine = root.putObject("machine");
        machine.put("host", InetAddress.getLocalHost().getHostName());
        // the class the benchmarks' JVMs computed as, from MachineClass run with their flags; else this JVM's
        if (classFile != null && Files.exists(Path.of(classFile))) {
            JsonNode description = RunRecord.JSON.readTree(Path.of(classFile).toFile());
            MachineClass.fromDescription(description).writeTo(machine);
            machine.set("class", description);
        } else {
            MachineClass.current().writeTo(machine);
        }
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        if (jmh.size() > 0) {
            JsonNode first = jmh.get(0);
            machine.put("jdk", first.path("jdkVersion").asText() + " (" + first.path("vmName").asText() + " "
                    + first.path("vmVersion").asText() + ")");
            machine.set("jvmArgs", first.path("jvmArgs"));
        }
        ArrayNode probes = root.putArray("hostProbes");
        if (probesDir != null) {
            for (RunRecord.HostProbe probe : readProbes(Path.of(probesDir))) {
                probes.addObject().put("before", probe.before()).put("gflops", probe.gflops());
            }
        }
        ArrayNode cores = root.putArray("coreProbes");
        if (probesDir != null) {
            for (RunRecord.CoreProbe probe : readCoreProbes(Path.of(probesDir))) {
                ObjectNode node = cores.addObject().put("workload", probe.workload());
                if (!Double.isNaN(probe.beforeNanos())) node.put("beforeNanos", probe.beforeNanos());
                if (!Double.isNaN(probe.afterNanos())) node.put("afterNanos", probe.afterNanos());
            }
        }
        ArrayNode peers = root.putArray("peers");
        if (peersFile != null && Files.exists(Path.of(peersFile))) {
            try (Stream<String> lines = Files.lines(Path.of(peersFile))) {
                for (String line : (Iterable<String>) lines.filter(l -> l.startsWith("{"))::iterator) {
                    peers.add(RunRecord.JSON.readTree(line));
                }
            }
        }
        return root;
    }

    /**
     * The host-speed probes {@code bench/run} left in {@code dir}: {@code probe-N-WORKLOAD.json}, each the JMH result
     * of a second of {@code KernelBenchmark.fmaPeak}, in the order {@code N} gives.
     */
    static List<RunRecord.HostProbe> readProbes(Path dir) throws IOException {
        List<RunRecord.HostProbe> probes = new ArrayList<>();
        if (!Files.isDirectory(dir)) return probes;
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> PROBE_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(f -> probeNumber(f))).toList();
        }
        for (Path file : files) {
            Matcher name = PROBE_FILE.matcher(file.getFileName().toString());
            if (!name.matches() || Files.size(file) == 0) continue;
            double gflops = RunRecord.fmaPeakGflops(BenchResult.fromJmh(RunRecord.JSON.readTree(file.toFile())));
            probes.add(new RunRecord.HostProbe(name.group(2), gflops));
        }
        return probes;
    }

    /**
     * The cores' round trips {@code bench/run} left in {@code dir}: {@code cores-WORKLOAD-before.json} and
     * {@code -after.json}, each {@link CoreRoundTrip}'s line, one probe per workload in name order.
     */
    static List<RunRecord.CoreProbe> readCoreProbes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        Map<String, double[]> around = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> CORES_FILE.matcher(f.getFileName().toString()).matches()).toList();
        }
        for (Path file : files) {
            Matcher name = CORES_FILE.matcher(file.getFileName().toString());
            if (!name.matches() || Files.size(file) == 0) continue;
            double nanos = RunRecord.JSON.readTree(file.toFile()).path("roundTripNanos").asDouble(Double.NaN);
            double[] pair = around.computeIfAbsent(name.group(1), w -> new double[] {Double.NaN, Double.NaN});
            pair[name.group(2).equals("before") ? 0 : 1] = nanos;
        }
        List<RunRecord.CoreProbe> probes = new ArrayList<>();
        around.forEach((workload, pair) -> probes.add(new RunRecord.CoreProbe(workload, pair[0], pair[1])));
        return probes;
    }

    private static int probeNumber(Path file) {
        Matcher name = PROBE_FILE.matcher(file.getFileName().toString());
        return name.matches() ? Integer.parseInt(name.group(1)) : Integer.MAX_VALUE;
    }

    /**
     * The host-speed probes as a line, and the workloads measured in a slow window: those whose probe before or
     * after them read below {@value #SLOW_WINDOW} of the run's fastest probe.
     */
    static String hostSpeed(RunRecord run) {
        List<RunRecord.HostProbe> probes = run.hostProbes();
        double fastest = probes.stream().mapToDouble(RunRecord.HostProbe::gflops).filter(g -> !Double.isNaN(g))
                .max().orElse(Double.NaN);
        if (Double.isNaN(fastest)) return "";
        StringBuilder s = new StringBuilder("host speed, the FMA loop for a second before each workload (GFLOP/s):");
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            RunRecord.HostProbe probe = probes.get(i);
            s.append(String.format(Locale.ROOT, " %s %.0f", probe.before(), probe.gflops()));
            boolean slowBefore = probe.gflops() < SLOW_WINDOW * fastest;
            boolean slowAfter = i + 1 < probes.size() && probes.get(i + 1).gflops() < SLOW_WINDOW * fastest;
            if ((slowBefore || slowAfter) && !probe.before().equals("end")) slow.add(probe.before());
        }
        s.append('\n');
        if (!slow.isEmpty()) {
            s.append(String.format(Locale.ROOT, "slow window: the host ran below %.0f%% of its fastest probe around %s;"
                    + " those figures read low, their ratios measured side by side less so%n", 100 * SLOW_WINDOW,
                    String.join(", ", slow)));
        }
        return s.toString();
    }

    /** Where the run's ceiling came from, when a host probe read faster than the kernel benchmarks' loop. */
    private static String peakSource(RunRecord run, double peak) {
        double benchmark = run.fmaPeakGflops();
        if (peak <= benchmark) return "";
        return Double.isNaN(benchmark) ? ", a host probe's"
                : String.format(Locale.ROOT, ", a host probe's (KernelBenchmark.fmaPeak read %.1f)", benchmark);
    }

    /**
     * The clock the FMA peak implies on a core that retires two vector FMAs a cycle (every x86 server core this
     * project has met), when the run knows its lanes: a figure far from the CPU's clock says the peak loop is not
     * what limits it.
     */
    private static String impliedClock(RunRecord run, double peakGflops) {
        int lanes = run.machine().path("class").path("lanes").asInt(0);
        if (lanes == 0) return "";
        return String.format(Locale.ROOT, " (a clock of %.2f GHz at two %d-lane FMAs a cycle)",
                peakGflops / (2.0 * 2 * lanes), lanes);
    }

    /** {@code workload,series,epochs_per_second}: ours and every peer's, for the chart. */
    static void writeCsv(RunRecord run, Path csv) throws IOException {
        StringBuilder s = new StringBuilder("workload,series,epochs_per_second\n");
        for (BenchResult r : run.jmh()) {
            if (r.isEpoch()) s.append(String.format(Locale.ROOT, "%s,%s,%.6g%n", r.param("workload"),
                    r.param("backend") + (r.threads() == 1 ? "" : "-" + r.threads() + "t"), r.score()));
        }
        for (RunRecord.PeerResult p : run.peers()) {
            s.append(String.format(Locale.ROOT, "%s,%s,%.6g%n", p.workload(), p.label(), p.epochsPerSecond()));
        }
        Files.writeString(csv, s.toString());
    }

    /** The tables a person reads: training speed, kernel speed, peers. */
    static String table(RunRecord run) {
        StringBuilder s = new StringBuilder();
        if (!run.machine().isMissingNode()) {
            s.append(String.format("%s, %s cores, %s%n", run.machine().path("cpu").asText(),
                    run.machine().path("cores").asText(), run.machine().path("jdk").asText()));
            JsonNode machineClass = run.machine().path("class");
            if (!machineClass.isMissingNode()) {
                s.append(String.format("measured as the %s, UseAVX=%s%n", machineClass.path("name").asText(),
                        machineClass.path("useAvx").asText()));
                if (!machineClass.path("cpuHasAvx512").asBoolean(true)) {
                    s.append("this CPU has no AVX-512: the AVX-512 class cannot be measured here\n");
                }
            }
        }
        double peak = run.ceilingGflops();
        s.append(Double.isNaN(peak) ? "FMA peak: not measured in this run\n"
                : String.format("FMA peak measured in this run: %.1f GFLOP/s%s%s%n", peak, impliedClock(run, peak),
                        peakSource(run, peak)));
        s.append(hostSpeed(run));
        s.append(String.format("%n%-7s %-26s %12s %12s %8s %13s %9s %7s%n", "workload", "shape", "scalar ep/s",
                "vector ep/s", "speedup", "B/epoch s|v", "GFLOP/s", "% peak"));
        for (Workload w : Workload.values()) {
            Optional<BenchResult> scalar = Checks.epoch(run.jmh(), w, "scalar");
            Optional<BenchResult> vector = Checks.epoch(run.jmh(), w, "vector");
            if (scalar.isEmpty() && vector.isEmpty()) continue;
            Optional<BenchResult> fastest = vector.isPresent() ? vector : scalar;
            double gflops = fastest.get().score() * w.flopsPerEpoch() / 1e9;
            s.append(String.format("%-8s %-26s %12s %12s %8s %13s %9s %7s%n", w.id(), w.shape(), score(scalar),
                    score(vector), Checks.speedup(run.jmh(), w).map(r -> String.format("%.2fx", r)).orElse("-"),
                    bytes(scalar) + "|" + bytes(vector), String.format("%.2f", gflops),
                    Double.isNaN(peak) ? "-" : String.format("%.0f%%", 100 * gflops / peak)));
        }
        appendThreads(s, run);
        appendKernels(s, run, peak);
        appendPeers(s, run);
        return s.toString();
    }

    /** The vector backend on more than one thread, against itself on one and the peers on as many. */
    private static void appendThreads(StringBuilder s, RunRecord run) {
        List<BenchResult> multi = run.jmh().stream()
                .filter(r -> r.isEpoch() && r.threads() > 1 && r.param("backend").equals("vector")).toList();
        if (multi.isEmpty()) return;
        s.append(String.format("%n%-8s %8s %12s %12s %8s %16s %11s %17s%n", "workload", "threads", "1t ep/s",
                "Nt ep/s", "speedup", "best Nt peer", "vector/best", "cores' trip ns"));
        boolean farApart = false;
        for (BenchResult r : multi) {
            Workload w = Workload.parse(r.param("workload"));
            Optional<BenchResult> one = Checks.epoch(run.jmh(), w, "vector");
            OptionalDouble best = run.peers().stream()
                    .filter(p -> p.workload().equals(w.id()) && p.threads() == r.threads())
                    .mapToDouble(RunRecord.PeerResult::epochsPerSecond).max();
            Optional<RunRecord.CoreProbe> cores = run.coreProbes().stream()
                    .filter(p -> p.workload().equals(w.id())).findFirst();
            farApart |= cores.map(RunRecord.CoreProbe::farApart).orElse(false);
            s.append(String.format("%-8s %8d %12s %12s %8s %16s %11s %17s%n", w.id(), r.threads(), score(one),
                    score(Optional.of(r)),
                    one.map(o -> String.format("%.2fx", r.score() / o.score())).orElse("-"),
                    best.isPresent() ? rate(best.getAsDouble()) : "-",
                    best.isPresent() ? String.format("%.2fx", r.score() / best.getAsDouble()) : "-",
                    cores.map(p -> nanosOrDash(p.beforeNanos()) + " / " + nanosOrDash(p.afterNanos())).orElse("-")));
        }
        if (farApart) {
            s.append(String.format(Locale.ROOT, "cores' trip: a round trip between two cores before / after the"
                    + " benchmark; above %.0f ns the host had the threads' cores far apart (another die), where every"
                    + " line one thread writes and the other reads costs more, and that figure reads low%n",
                    RunRecord.CoreProbe.FAR_APART_NANOS));
        }
    }

    private static void appendKernels(StringBuilder s, RunRecord run, double peak) {
        if (run.jmh().stream().noneMatch(r -> KERNELS.contains(method(r)))) return;
        s.append(String.format("%n%-15s %-6s %15s %15s %8s %7s%n", "kernel", "shape", "scalar GFLOP/s",
                "vector GFLOP/s", "speedup", "% peak"));
        for (String kernel : KERNELS) {
            for (String shape : List.of("mnist", "wide")) {
                double scalar = kernelRate(run, kernel, shape, "scalar", "flops");
                double vector = kernelRate(run, kernel, shape, "vector", "flops");
                s.append(String.format("%-15s %-6s %15s %15s %8s %7s%n", kernel, shape, gigas(scalar), gigas(vector),
                        Double.isNaN(scalar * vector) ? "-" : String.format("%.2fx", vector / scalar),
                        Double.isNaN(vector * peak) ? "-" : String.format("%.0f%%", vector / 1e7 / peak)));
            }
        }
        for (String shape : List.of("mnist", "wide")) {
            double scalar = kernelRate(run, "sigmoid", shape, "scalar", "elements");
            double vector = kernelRate(run, "sigmoid", shape, "vector", "elements");
            s.append(String.format("%-15s %-6s %12s ns/el %10s ns/el %8s%n", "sigmoid", shape, nanos(scalar),
                    nanos(vector), Double.isNaN(scalar * vector) ? "-" : String.format("%.2fx", vector / scalar)));
        }
    }

    private static void appendPeers(StringBuilder s, RunRecord run) {
        if (run.peers().isEmpty()) return;
        List<String> labels = run.peers().stream().map(RunRecord.PeerResult::label).distinct().toList();
        s.append(String.format("%n%-8s", "epochs/s"));
        for (String label : labels) s.append(String.format(" %16s", label));
        s.append(String.format(" %14s %11s%n", "best 1t peer", "vector/best"));
        for (Workload w : Workload.values()) {
            List<RunRecord.PeerResult> peers = run.peers().stream().filter(p -> p.workload().equals(w.id())).toList();
            if (peers.isEmpty()) continue;
            s.append(String.format("%-8s", w.id()));
            for (String label : labels) {
                s.append(String.format(" %16s", peers.stream().filter(p -> p.label().equals(label))
                        .map(p -> rate(p.epochsPerSecond())).findFirst().orElse("-")));
            }
            OptionalDouble best = peers.stream().filter(p -> p.threads() == 1)
                    .mapToDouble(RunRecord.PeerResult::epochsPerSecond).max();
            Optional<BenchResult> vector = Checks.epoch(run.jmh(), w, "vector");
            s.append(String.format(" %14s %11s%n", best.isPresent() ? rate(best.getAsDouble()) : "-",
                    best.isPresent() && vector.isPresent()
                            ? String.format("%.2fx", vector.get().score() / best.getAsDouble()) : "-"));
        }
    }

    private static String nanosOrDash(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.0f", nanos);
    }

    private static String method(BenchResult r) {
        return r.benchmark().substring(r.benchmark().indexOf('.') + 1);
    }

    private static double kernelRate(RunRecord run, String kernel, String shape, String backend, String counter) {
        return run.jmh().stream()
                .filter(r -> method(r).equals(kernel) && r.param("shape").equals(shape)
                        && r.param("backend").equals(backend))
                .mapToDouble(r -> r.perSecond(counter)).findFirst().orElse(Double.NaN);
    }

    private static String score(Optional<BenchResult> r) {
        return r.map(b -> rate(b.score()) + (b.error() > 0 ? String.format("±%.0f%%", 100 * b.error() / b.score())
                : "")).orElse("-");
    }

    /** Epochs per second with three significant digits and a k/M suffix. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) return String.format("%.3gM", perSecond / 1e6);
        if (perSecond >= 1e3) return String.format("%.3gk", perSecond / 1e3);
        return String.format("%.3g", perSecond);
    }

    private static String bytes(Optional<BenchResult> r) {
        if (r.isEmpty() || r.get().bytesPerOp().isEmpty()) return "-";
        return String.format("%.0f", r.get().bytesPerOp().getAsDouble());
    }

    private static String gigas(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format("%.2f", perSecond / 1e9);
    }

    private static String nanos(double elementsPerSecond) {
        return Double.isNaN(elementsPerSecond) ? "-" : String.format("%.3f", 1e9 / elementsPerSecond);
    }
}
