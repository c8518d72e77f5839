package dev.runledger.functions.openapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.runledger.functions.JsonValue;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.idempotency.IdempotencyKeyHeader;
import dev.runledger.functions.problem.ProblemCode;
import dev.runledger.functions.route.Open;
import dev.runledger.functions.route.WebPage;
import dev.runledger.functions.route.Reads;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes {@code /openapi.json} at build time from the compiled code: every {@code @FunctionBean} (its request and
 * answer records, its access and idempotency annotations, its {@link Problems}) and every {@code @Controller} route.
 *
 * <p>Not micronaut-openapi: its processor sees {@code @Controller} routes only (the functions are routed at run time),
 * and in OpenAPI 3.1 mode it writes a nullable field's type as {@code [T, "null", "object"]}
 * ({@code SchemaUtils.setNullable} reads the 3.0 {@code type}, which 3.1 leaves unset), which would let the harness
 * pass an object where a string belongs (docs/DECISIONS.md, "Operating it").
 *
 * <p>Request records mark what the contract requires and its limits with swagger's {@link Schema}
 * ({@code requiredMode}, {@code maxLength}, {@code minimum}, {@code maximum}); every other request field may be absent
 * or null. An answer record's fields are always present ({@code inclusion: ALWAYS}), null only when
 * {@code @Nullable}. Both refuse unknown fields, as the server does.
 */
public final class OpenApiDocument {

    /** Where the document is in the jar. */
    public static final String RESOURCE = "META-INF/runledger/openapi.json";

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SCHEMAS = "#/components/schemas/";

    private final Map<String, Object> schemas = new TreeMap<>();
    private final Map<String, Class<?>> schemaClasses = new TreeMap<>();

    /** {@code args}: the compiled classes' directory, the file to write, the version. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                types.add(load(name.substring(0, name.length() - ".class".length())));
            }
        }
        Map<String, Object> document = new OpenApiDocument().build(types, args[2]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            write(document, stream);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpenApiDocument.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> build(List<Class<?>> types, String version) {
        Map<String, Object> paths = new TreeMap<>();
        for (Class<?> type : types) {
            FunctionBean function = type.getAnnotation(FunctionBean.class);
            if (function != null) {
                paths.put("/" + function.value(), Map.of("post", function(function.value(), type)));
            }
            Controller controller = type.getAnnotation(Controller.class);
            if (controller != null && !type.isAnnotationPresent(WebPage.class)) { // the run page's files are not API
                for (Method method : type.getDeclaredMethods()) {
                    Get get = method.getAnnotation(Get.class);
                    if (get != null) {
                        String path = join(controller.value(), get.value().isEmpty() ? get.uri() : get.value());
                        paths.put(path, Map.of("get", route(path.substring(1), type, method, get)));
                    }
                }
            }
        }
        Map<String, Object> problem = schema(ProblemShape.class, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> problemFields = (Map<String, Object>) problem.get("properties");
        // internal-error is not a contract code: an answer carrying it is a fault the harness must report.
        problemFields.put("code", Map.of("type", "string", "enum", Arrays.stream(ProblemCode.values())
                .filter(code -> code != ProblemCode.INTERNAL_ERROR).map(ProblemCode::code).sorted().toList()));
        problem.put("description", "RFC 9457 problem details with the contract's stable code; dependency-cycle adds "
                + "'cycle', the unitIds along the cycle.");
        schemas.put("Problem", problem);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", Map.of("title", "RunLedger", "version", version,
                "description", "Runs, units and their event logs for agent-orchestration daemons. Every function is "
                        + "POST /<name> with one JSON object; problems are RFC 9457 problem+json with a stable code."));
        document.put("paths", paths);
        // What a request that reaches no route is answered (an unknown function, another method, a broken request).
        document.put("x-unrouted-problem-codes", Stream.of(ProblemCode.FUNCTION_NOT_FOUND, ProblemCode.METHOD_NOT_ALLOWED,
                ProblemCode.MALFORMED_REQUEST, ProblemCode.URI_TOO_LONG, ProblemCode.HEADERS_TOO_LARGE,
                ProblemCode.UNAUTHORIZED, ProblemCode.FORBIDDEN, ProblemCode.PAYLOAD_TOO_LARGE,
                ProblemCode.UNSUPPORTED_MEDIA_TYPE, ProblemCode.OVERLOADED).map(ProblemCode::code).sorted().toList());
        document.put("components", Map.of("schemas", schemas,
                "securitySchemes", Map.of("token", Map.of("type", "http", "scheme", "bearer",
                        "description", "RUNLEDGER_TOKENS (full) or RUNLEDGER_READ_TOKENS (reads only); none when "
                                + "neither is set and the server listens on loopback only."))));
        return document;
    }

    /** The problem body's five fields ({@code dependency-cycle} adds {@code cycle}: extension members are allowed). */
    @SuppressWarnings("unused")
    private record ProblemShape(String type, String title, int status, String detail, String code) {
    }

    private Map<String, Object> function(String name, Class<?> type) {
        Type[] io = functionTypes(type);
        Answered answered = type.getAnnotation(Answered.class);
        Class<?> answer = answered != null ? answered.value() : (Class<?>) unwrap(io[1]);
        boolean idempotent = type.isAnnotationPresent(Idempotent.class);
        Map<String, Object> operation = operation(name, type);
        if (idempotent) {
            operation.put("parameters", List.of(Map.of("name", IdempotencyKeyHeader.HEADER, "in", "header", "required", false,
                    "description", "Repeats of a write with the same key and body answer the first answer again.",
                    "schema", Map.of("type", "string", "minLength", 1, "maxLength", IdempotencyKeyHeader.MAX_LENGTH))));
        }
        operation.put("requestBody", Map.of("required", true,
                "content", Map.of(MediaType.APPLICATION_JSON, Map.of("schema", ref((Class<?>) io[0], true)))));
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "The answer.");
        ok.put("content", Map.of(MediaType.APPLICATION_JSON, Map.of("schema", ref(answer, false))));
        if (idempotent) {
            ok.put("headers", Map.of("Idempotent-Replayed", Map.of("description", "true when this is a stored answer replayed",
                    "schema", Map.of("type", "string", "enum", List.of("true")))));
        }
        Set<ProblemCode> codes = EnumSet.of(ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON,
                ProblemCode.PAYLOAD_TOO_LARGE, ProblemCode.UNSUPPORTED_MEDIA_TYPE);
        if (idempotent) {
            codes.addAll(EnumSet.of(ProblemCode.IDEMPOTENCY_KEY_REUSED, ProblemCode.IDEMPOTENCY_KEY_IN_USE));
        }
        if (access(type) == Access.WRITE) {
            codes.add(ProblemCode.STORAGE_FULL);
        }
        operation.put("responses", responses(ok, type, null, codes));
        return operation;
    }

    private Map<String, Object> route(String name, Class<?> type, Method method, Get get) {
        Map<String, Object> operation = operation(name, type);
        List<Object> parameters = new ArrayList<>();
        Set<ProblemCode> codes = EnumSet.noneOf(ProblemCode.class);
        for (java.lang.reflect.Parameter parameter : method.getParameters()) {
            QueryValue query = parameter.getAnnotation(QueryValue.class);
            Header header = parameter.getAnnotation(Header.class);
            if (query != null || header != null) {
                String in = query != null ? "query" : "header";
                String parameterName = query != null ? (query.value().isEmpty() ? parameter.getName() : query.value()) : header.value();
                Schema limits = parameter.getAnnotation(Schema.class);
                Map<String, Object> schema = new LinkedHashMap<>(Map.of("type", "string"));
                if (limits != null && !limits.description().isEmpty()) {
                    schema.put("description", limits.description());
                }
                boolean required = limits != null && limits.requiredMode() == Schema.RequiredMode.REQUIRED;
                parameters.add(Map.of("name", parameterName, "in", in, "required", required, "schema", schema));
                codes.add(ProblemCode.VALIDATION_FAILED);
            }
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        String produces = get.produces().length > 0 ? get.produces()[0] : MediaType.APPLICATION_JSON;
        Map<String, Object> content = new LinkedHashMap<>();
        Streamed streamed = method.getAnnotation(Streamed.class);
        if (streamed != null) {
            Map<String, Object> messages = new TreeMap<>();
            for (Streamed.Message message : streamed.value()) {
                messages.put(message.event(), ref(message.data(), false));
            }
            content.put("schema", Map.of("type", "string"));
            content.put("x-sse-messages", messages);
        } else {
            Type answer = unwrap(method.getGenericReturnType());
            content.put("schema", answer == String.class ? Map.of("type", "string")
                    : answer == StreamedFile.class ? Map.of("type", "string", "contentMediaType", produces)
                    : answer == byte[].class ? Map.of("type", "object")
                    : ref((Class<?>) answer, false));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "The answer.");
        ok.put("content", Map.of(produces, content));
        if (access(type) == Access.WRITE) {
            codes.add(ProblemCode.STORAGE_FULL);
        }
        operation.put("responses", responses(ok, type, method, codes));
        return operation;
    }

    private Map<String, Object> operation(String name, Class<?> type) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", name);
        Access access = access(type);
        operation.put("security", access == Access.OPEN ? List.of() : List.of(Map.of("token", List.of())));
        operation.put("x-access", access.name().toLowerCase(java.util.Locale.ROOT));
        return operation;
    }

    private enum Access { OPEN, READ, WRITE }

    private static Access access(Class<?> type) {
        return type.isAnnotationPresent(Open.class) ? Access.OPEN : type.isAnnotationPresent(Reads.class) ? Access.READ : Access.WRITE;
    }

    /**
     * The 200 answer, the statuses {@link AlsoAnswers} names with the same body, and one problem answer per status
     * with the codes it may carry: those every request can meet, {@code codes}, and the endpoint's own.
     */
    private Map<String, Object> responses(Map<String, Object> ok, Class<?> type, @Nullable Method method, Set<ProblemCode> codes) {
        Map<String, Object> responses = new TreeMap<>();
        responses.put("200", ok);
        AlsoAnswers also = method == null ? null : method.getAnnotation(AlsoAnswers.class);
        if (also != null) {
            for (int status : also.value()) {
                responses.put(Integer.toString(status), Map.of("description", also.description(), "content", ok.get("content")));
            }
        }
        codes.addAll(EnumSet.of(ProblemCode.MALFORMED_REQUEST, ProblemCode.URI_TOO_LONG, ProblemCode.HEADERS_TOO_LARGE,
                ProblemCode.OVERLOADED));
        if (access(type) != Access.OPEN) {
            codes.addAll(EnumSet.of(ProblemCode.UNAUTHORIZED, ProblemCode.FORBIDDEN));
        }
        Problems own = method != null && method.isAnnotationPresent(Problems.class) ? method.getAnnotation(Problems.class)
                : type.getAnnotation(Problems.class);
        if (own != null) {
            codes.addAll(Arrays.asList(own.value()));
        }
        Map<Integer, Set<String>> byStatus = new TreeMap<>();
        for (ProblemCode code : codes) {
            byStatus.computeIfAbsent(code.status().getCode(), s -> new TreeSet<>()).add(code.code());
        }
        byStatus.forEach((status, names) -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("description", String.join(", ", names));
            // One Problem schema for every problem answer (so that generated clients have one problem type); the
            // codes a status may carry are listed beside it, and the harness checks them.
            response.put("x-problem-codes", List.copyOf(names));
            Map<String, Object> content = new TreeMap<>(Map.of(PROBLEM_JSON, Map.of("schema", Map.of("$ref", SCHEMAS + "Problem"))));
            if (responses.get(Integer.toString(status)) instanceof Map<?, ?> same) { // an AlsoAnswers status: either body
                response.put("description", same.get("description") + "; or a problem: " + String.join(", ", names));
                ((Map<?, ?>) same.get("content")).forEach((mediaType, media) -> content.put((String) mediaType, media));
            }
            response.put("content", content);
            if (status == 503) {
                response.put("headers", Map.of("Retry-After", Map.of("description", "seconds to wait before trying again",
                        "schema", Map.of("type", "string"))));
            }
            responses.put(Integer.toString(status), response);
        });
        return responses;
    }

    private static Type[] functionTypes(Class<?> type) {
        for (Type implemented : type.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType p && p.getRawType() == Function.class) {
                return p.getActualTypeArguments();
            }
        }
        throw new IllegalStateException(type + " is a @FunctionBean but not a Function<I, O>");
    }

    /** {@code CompletableFuture<HttpResponse<X>>} and the like: X. */
    private static Type unwrap(Type type) {
        if (type instanceof ParameterizedType p
                && (p.getRawType() == CompletableFuture.class || p.getRawType() == HttpResponse.class)) {
            return unwrap(p.getActualTypeArguments()[0]);
        }
        return type;
    }

    private Map<String, Object> ref(Class<?> record, boolean request) {
        String name = componentName(record);
        Class<?> known = schemaClasses.putIfAbsent(name, record);
        if (known != null && known != record) {
            throw new IllegalStateException("Two records would be schema " + name + ": " + known + " and " + record);
        }
        if (known == null) {
            schemas.put(name, Map.of()); // reserved while its fields are described (a record may refer to itself)
            schemas.put(name, schema(record, request));
        }
        return Map.of("$ref", SCHEMAS + name);
    }

    private static String componentName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : componentName(type.getEnclosingClass()) + "." + type.getSimpleName();
    }

    private Map<String, Object> schema(Class<?> record, boolean request) {
        if (!record.isRecord()) {
            throw new IllegalStateException(record + " is not a record: the document describes records only");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Schema limits = component.getAccessor().getAnnotation(Schema.class);
            boolean mandatory = limits != null && limits.requiredMode() == Schema.RequiredMode.REQUIRED;
            // On a nested type the annotation is a type annotation ({@code AttemptWork.@Nullable Agent}).
            boolean nullable = request ? !mandatory : component.getAccessor().isAnnotationPresent(Nullable.class)
                    || component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            Map<String, Object> property = new LinkedHashMap<>(type(component.getGenericType(), request));
            if (limits != null) {
                limits(property, limits);
            }
            ArraySchema items = component.getAccessor().getAnnotation(ArraySchema.class);
            if (items != null) {
                property.put("minItems", items.minItems());
                property.put("maxItems", items.maxItems());
            }
            properties.put(component.getName(), nullable ? nullable(property) : property);
            if (!request || mandatory) {
                required.add(component.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", record == ProblemShape.class);
        return schema;
    }

    private static void limits(Map<String, Object> property, Schema limits) {
        if (!limits.description().isEmpty()) {
            property.put("description", limits.description());
        }
        if (limits.maxLength() != Integer.MAX_VALUE) {
            property.put("maxLength", limits.maxLength());
        }
        if (limits.minLength() > 0) {
            property.put("minLength", limits.minLength());
        }
        if (!limits.minimum().isEmpty()) {
            property.put("minimum", Long.parseLong(limits.minimum()));
        }
        if (!limits.maximum().isEmpty()) {
            property.put("maximum", Long.parseLong(limits.maximum()));
        }
        if (limits.allowableValues().length > 0) {
            property.put("enum", List.of(limits.allowableValues()));
        }
        if (!limits.defaultValue().isEmpty()) {
            String value = limits.defaultValue();
            property.put("default", "integer".equals(property.get("type")) ? (Object) Long.parseLong(value) : value);
        }
    }

    private Map<String, Object> type(Type type, boolean request) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw && Collection.class.isAssignableFrom(raw)) {
            return Map.of("type", "array", "items", type(p.getActualTypeArguments()[0], request));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return Map.of("type", "object", "additionalProperties", type(p.getActualTypeArguments()[1], request));
        }
        Class<?> c = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == Integer.class || c == int.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == JsonValue.class || c == io.micronaut.json.tree.JsonNode.class || c == Object.class) {
            return Map.of("description", "any JSON value");
        }
        if (c.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(c.getEnumConstants()).map(Object::toString).toList());
        }
        return ref(c, request);
    }

    /** The same schema, or JSON null. */
    private static Map<String, Object> nullable(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof String single) {
            Map<String, Object> copy = new LinkedHashMap<>(schema);
            copy.put("type", List.of(single, "null"));
            return copy;
        }
        if (schema.containsKey("$ref")) {
            return Map.of("anyOf", List.of(schema, Map.of("type", "null")));
        }
        return schema; // any value, null included
    }

    private static String join(String prefix, String path) {
        String joined = (prefix.equals("/") ? "" : prefix) + (path.equals("/") ? "" : path);
        return joined.isEmpty() ? "/" : joined;
    }

    // ---- writing

    static void write(Map<String, Object> document, OutputStream out) throws IOException {
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            value(generator, document);
        }
    }

    private static void value(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            if (!(map instanceof LinkedHashMap || map instanceof TreeMap)) {
                entries.sort(Comparator.comparing(e -> e.getKey().toString())); // Map.of: a stable order
            }
            for (Map.Entry<?, ?> entry : entries) {
                generator.writeFieldName(entry.getKey().toString());
                value(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                value(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value);
        }
    }
}
