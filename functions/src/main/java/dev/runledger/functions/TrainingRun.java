package dev.runledger.functions;

import dev.runledger.db.sqlite.NativeLibrary;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.FunctionBean;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * A short, representative run for the fast-start archive: the build starts it under
 * {@code -XX:ArchiveClassesAtExit} (JDK 17+; or {@code -XX:AOTCacheOutput} on JDK 25), it starts the server
 * on a throwaway database, calls every registered function once over HTTP, and exits, so that the archive holds
 * what a real start-up and first requests load. The calls are derived from the functions themselves: each gets a
 * body made from its request record's fields (creations first, deletions last), so a new function is trained
 * without being named here.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Application.runningJar().ifPresent(NativeLibrary::useCopyBeside); // load what a real start loads
        Path database = Files.createTempDirectory("runledger-training").resolve("training.db");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("runledger.sqlite.path", database.toString(), "micronaut.server.port", -1))) {
            URI base = server.getURI();
            HttpClient http = HttpClient.newHttpClient();
            List<String[]> calls = new ArrayList<>();
            for (BeanDefinition<?> function : server.getApplicationContext()
                    .getBeanDefinitions(Qualifiers.byStereotype(FunctionBean.class))) {
                calls.add(new String[]{function.stringValue(FunctionBean.class).orElseThrow(),
                        sampleBody(requestType(function.getBeanType()))});
            }
            calls.sort(Comparator.comparingInt((String[] call) -> call[0].startsWith("create") ? 0
                    : call[0].startsWith("delete") ? 2 : 1).thenComparing(call -> call[0]));
            calls.add(calls.size() - 1, new String[]{"getRun", "{\"id\":\"missing\"}"}); // the error paths too
            calls.add(calls.size() - 1, new String[]{"createRun", "{\"bad\":"});
            StringJoiner answered = new StringJoiner(", ", "[training run] ", "");
            for (String[] call : calls) {
                // Each call plain, then with an Idempotency-Key (the keyed path of the functions that write).
                for (boolean keyed : new boolean[]{false, true}) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/" + call[0]))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(call[1]));
                    if (keyed) {
                        request.header("Idempotency-Key", "training-" + call[0]);
                    }
                    int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    answered.add(call[0] + (keyed ? " (keyed) " : " ") + status);
                }
            }
            System.out.println(answered);
            http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /** The {@code T} of a function's {@code Function<T, R>}. */
    private static Class<?> requestType(Class<?> function) {
        // Up the hierarchy: a function with advice (@Idempotent) is registered as its generated subclass.
        for (Class<?> type = function; type != null; type = type.getSuperclass()) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == Function.class) {
                    return (Class<?>) parameterized.getActualTypeArguments()[0];
                }
            }
        }
        throw new IllegalStateException(function + " is not a Function");
    }

    /**
     * A body with every field of the request record: one run ({@code training}) with one unit ({@code u}),
     * a unit named by run and unit id rather than by both and its id, no {@code expectedStatus}.
     */
    private static String sampleBody(Class<?> request) {
        List<String> names = Arrays.stream(request.getRecordComponents()).map(RecordComponent::getName).toList();
        StringJoiner body = new StringJoiner(",", "{", "}");
        for (RecordComponent field : request.getRecordComponents()) {
            String name = field.getName();
            if (name.equals("expectedStatus") || name.equals("id") && names.contains("unitId")) {
                continue;
            }
            Class<?> type = field.getType();
            String value = name.equals("unitId") ? "\"u\""
                    : name.endsWith("tatus") ? "\"running\""
                    : type == String.class ? "\"training\""
                    : Number.class.isAssignableFrom(type) || type.isPrimitive() ? "1"
                    : List.class.isAssignableFrom(type) ? "[]"
                    : "{\"k\":[1]}";
            body.add("\"" + name + "\":" + value);
        }
        return body.toString();
    }
}
