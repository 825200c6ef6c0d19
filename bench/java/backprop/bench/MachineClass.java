package backprop.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.FloatVector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine class a JVM computes as, printed as one JSON object: the CPU, HotSpot's {@code UseAVX} and
 * {@code MaxVectorSize}, the preferred float species and the vector registers C2 allocates from. {@code bench/run}
 * runs it with the same flags as the benchmarks (none, {@code -XX:UseAVX=2}, {@code -XX:MaxVectorSize=16}), so
 * that every stored result says which class it measured: an AVX-512 host measured as the AVX2 class says so.
 */
public final class MachineClass {

    private MachineClass() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(RunRecord.JSON.writeValueAsString(describe()));
    }

    static ObjectNode describe() throws IOException {
        ObjectNode node = RunRecord.JSON.createObjectNode();
        String cpu = cpuModel();
        boolean cpuAvx512 = cpuFlags().contains(" avx512f");
        int useAvx = intOption("UseAVX");
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int registers = registers(useAvx);
        node.put("name", name(bits, registers, cpuAvx512));
        node.put("cpu", cpu);
        node.put("cpuHasAvx512", cpuAvx512);
        node.put("useAvx", useAvx);
        node.put("maxVectorSize", intOption("MaxVectorSize"));
        node.put("speciesBits", bits);
        node.put("lanes", FloatVector.SPECIES_PREFERRED.length());
        node.put("registers", registers);
        node.put("jdk", System.getProperty("java.vm.version"));
        return node;
    }

    /** For example {@code AVX2 class (256-bit, 16 registers) on an AVX-512 CPU}. */
    static String name(int bits, int registers, boolean cpuAvx512) {
        String isa = bits >= 512 ? "AVX-512" : bits == 256 && registers == 16 ? "AVX2" : bits + "-bit";
        String on = cpuAvx512 && !isa.equals("AVX-512") ? " on an AVX-512 CPU" : "";
        return String.format(Locale.ROOT, "%s class (%d-bit, %d registers)%s", isa, bits, registers, on);
    }

    /** 32 with EVEX encoding (UseAVX 3) and on AArch64, else 16: what C2's register classes hold on x86. */
    private static int registers(int useAvx) {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) return 32;
        return useAvx >= 3 ? 32 : 16;
    }

    private static int intOption(String name) {
        try {
            return Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The model name with its family and model numbers, which tell CPUs of one name apart (AMD EPYC Zen 3 and 5). */
    static String cpuModel() throws IOException {
        String name = cpuinfoLine("model name").orElse(System.getProperty("os.arch"));
        java.util.Optional<String> family = cpuinfoLine("cpu family");
        java.util.Optional<String> model = cpuinfoLine("model\t");
        if (family.isEmpty() || model.isEmpty()) return name;
        return name + " (family " + family.get() + ", model " + model.get() + ")";
    }

    private static String cpuFlags() throws IOException {
        return " " + cpuinfoLine("flags").orElse("") + " ";
    }

    private static java.util.Optional<String> cpuinfoLine(String key) throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) return java.util.Optional.empty();
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        }
    }
}
