package dev.runledger.contract.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a benchmark table into BENCHMARKS.md between its markers, leaving the rest of the file as it is. */
public final class Report {

    private Report() {
    }

    public static void write(Path file, String backend, String table) throws IOException {
        String begin = "<!-- results:" + backend + " -->";
        String end = "<!-- /results:" + backend + " -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String block = begin + "\n" + table + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + block + text.substring(to + end.length())
                : text + "\n" + block + "\n";
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
