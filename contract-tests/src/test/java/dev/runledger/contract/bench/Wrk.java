package dev.runledger.contract.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives a load with wrk (Debian's package) and reads its report. */
final class Wrk {

    /** One load run: throughput, latency percentiles, errors, and the 2xx answers a Lua script counted. */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long non2xx, long acknowledged) {
    }

    /**
     * Prints the answers that were not errors: wrk counts completed responses in {@code summary.requests}
     * and non-2xx/3xx ones in {@code summary.errors.status}. (A Lua {@code response()} callback would count
     * them too, but costs wrk a Lua call per response, CPU the server then lacks on a 2-core machine.)
     */
    static final String COUNTING = """
            local threads = {}
            function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
            function done(summary, latency, requests)
              io.write("acknowledged=" .. (summary.requests - summary.errors.status) .. "\\n")
            end
            """;

    private final Path scripts;

    Wrk(Path scripts) {
        this.scripts = scripts;
    }

    Result run(URI base, String path, int connections, int seconds, String lua) {
        try {
            List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                    "-d" + seconds + "s", "--latency", "--timeout", "10s"));
            if (lua != null) {
                Path script = Files.createTempFile(scripts, "load", ".lua");
                Files.writeString(script, lua + "\n" + COUNTING, StandardCharsets.UTF_8);
                command.addAll(List.of("-s", script.toString()));
            }
            command.add(base.resolve(path).toString());
            java.time.LocalTime started = java.time.LocalTime.now().withNano(0);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 || output.contains("PANIC") || output.contains(".lua:")) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            Result result = parse(output);
            // When each row ran, to set beside the server's and the database's own logs.
            System.out.printf(java.util.Locale.ROOT, "%s-%s %s at %d: %.0f req/s, p99 %.2f ms%n", started,
                    java.time.LocalTime.now().withNano(0), path, connections, result.requestsPerSecond(), result.p99Millis());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("wrk could not run (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result parse(String output) {
        return new Result(number(output, "Requests/sec:\\s+([\\d.]+)"), millis(output, "50%"), millis(output, "99%"),
                (long) numberOr(output, "Non-2xx or 3xx responses:\\s+(\\d+)", 0),
                (long) numberOr(output, "acknowledged=(\\d+)", -1));
    }

    private static double millis(String output, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " in wrk output:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk output:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double numberOr(String output, String regex, double otherwise) {
        Matcher m = Pattern.compile(regex).matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : otherwise;
    }
}
