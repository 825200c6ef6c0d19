package backprop.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code bench/ab --class}: the forks get exactly the runner's flags that choose the machine class. */
class AbTest {

    @Test
    void forksGetTheMachineClassFlagsAndNoOthers() {
        List<String> runner = List.of("--add-modules=jdk.incubator.vector", "-XX:UseAVX=2", "-Xmx2g",
                "-XX:MaxVectorSize=16", "-Dfoo=bar");
        assertEquals(List.of("-XX:UseAVX=2", "-XX:MaxVectorSize=16"), Ab.classFlags(runner));
    }

    @Test
    void aNativeRunnerGivesNoFlags() {
        assertEquals(List.of(), Ab.classFlags(List.of("--add-modules=jdk.incubator.vector", "-Xss1m")));
    }
}
