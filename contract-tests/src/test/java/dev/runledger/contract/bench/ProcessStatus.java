package dev.runledger.contract.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a running process from {@code /proc/<pid>/status} (Linux): the server's RSS and thread count. */
final class ProcessStatus {

    private ProcessStatus() {
    }

    /** The number on the line {@code name:} ({@code VmRSS} in KiB, {@code Threads}); -1 when there is none. */
    static long field(long pid, String name) throws IOException {
        String prefix = name + ":";
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
