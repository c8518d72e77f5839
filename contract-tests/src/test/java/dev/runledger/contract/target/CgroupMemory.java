package dev.runledger.contract.target;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a container's memory cgroup says, cgroup v1 or v2, read through {@code readFile} (which prints a
 * file inside the container, or throws or prints nothing when it cannot).
 */
public final class CgroupMemory {

    private CgroupMemory() {
    }

    /** The high-water mark, page cache included: v1's {@code memory.max_usage_in_bytes}, v2's {@code memory.peak}. */
    public static OptionalLong peakBytes(Function<String, String> readFile) {
        for (String file : new String[]{"/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "/sys/fs/cgroup/memory.peak"}) {
            try {
                return OptionalLong.of(Long.parseLong(readFile.apply(file).trim()));
            } catch (RuntimeException notThisVersion) {
                // try the other cgroup version
            }
        }
        return OptionalLong.empty();
    }

    /** What the processes own, without the page cache: v1's {@code total_rss}, v2's {@code anon} in {@code memory.stat}. */
    public static OptionalLong anonymousBytes(Function<String, String> readFile) {
        for (String[] source : new String[][]{{"/sys/fs/cgroup/memory/memory.stat", "total_rss "}, {"/sys/fs/cgroup/memory.stat", "anon "}}) {
            try {
                for (String line : readFile.apply(source[0]).split("\n")) {
                    if (line.startsWith(source[1])) {
                        return OptionalLong.of(Long.parseLong(line.substring(source[1].length()).trim()));
                    }
                }
            } catch (RuntimeException notThisVersion) {
                // try the other cgroup version
            }
        }
        return OptionalLong.empty();
    }

    /** {@code 229 MiB}, or {@code not reported}. */
    public static String mebibytes(OptionalLong bytes) {
        return bytes.isPresent() ? (bytes.getAsLong() >> 20) + " MiB" : "not reported";
    }
}
