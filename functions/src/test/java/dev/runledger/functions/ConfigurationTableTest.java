package dev.runledger.functions;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.env.Environment;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table names every property RunLedger's settings records read, with the default the
 * running application really has: the record's {@code @Bindable} default, or the value {@code application.yml}
 * gives (where it maps a shorter environment name). Its rows for Micronaut's own properties agree too.
 */
class ConfigurationTableTest {

    /** {@code | `VARIABLE` | `property` | `default` or (empty…) | what |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `[A-Z_]+`(?:, `[A-Z_]+`)? \\| `([a-z.-]+)`(?:, `\\.([a-z-]+)`)? \\| ([^|]+) \\|");

    @TempDir
    Path dir;

    @Test
    void theReadmeTableNamesEveryPropertyTheCodeReadsWithItsDefault() throws IOException {
        Map<String, String> documented = readmeTable();
        Map<String, String> effective = new TreeMap<>();
        try (ApplicationContext started = ApplicationContext.run(Map.of(
                "runledger.database.url", "", "runledger.sqlite.path", dir.resolve("settings.db").toString()));
             ApplicationContext unstarted = ApplicationContext.builder().build()) {
            Environment configuration = unstarted.getEnvironment().start(); // application.yml alone, nothing overridden
            for (BeanDefinition<?> settings : started.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationReader.class))) {
                Class<?> type = settings.getBeanType();
                if (!type.getPackageName().startsWith("dev.runledger") || !type.isRecord()) {
                    continue;
                }
                String prefix = type.getAnnotation(ConfigurationProperties.class).value();
                RecordComponent[] components = type.getRecordComponents();
                Parameter[] parameters = canonicalParameters(type, components);
                for (int i = 0; i < components.length; i++) {
                    String property = prefix + "." + kebab(components[i].getName());
                    Bindable bindable = parameters[i].getAnnotation(Bindable.class);
                    String fromCode = bindable == null || bindable.defaultValue().isEmpty() ? "" : bindable.defaultValue();
                    effective.put(property, configuration.getProperty(property, String.class).orElse(fromCode));
                }
            }
            for (String property : documented.keySet()) {
                if (property.startsWith("micronaut.")) {
                    effective.put(property, configuration.getProperty(property, String.class).orElse(""));
                }
            }
        }
        assertTrue(effective.size() >= 10, "found the settings records: " + effective);
        assertEquals(effective, documented, "README.md, Configuration: property -> default");
    }

    private static Map<String, String> readmeTable() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String defaultValue = row.group(3).trim();
                String value = defaultValue.startsWith("(empty") ? "" : defaultValue.replaceAll("^`|`$", "");
                rows.put(row.group(1), value);
                if (row.group(2) != null) { // `runledger.database.user`, `.password`
                    rows.put(row.group(1).substring(0, row.group(1).lastIndexOf('.') + 1) + row.group(2), value);
                }
            }
        }
        return rows;
    }

    private static Parameter[] canonicalParameters(Class<?> record, RecordComponent[] components) {
        try {
            return record.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).getParameters();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
