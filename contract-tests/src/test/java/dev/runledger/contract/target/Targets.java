package dev.runledger.contract.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses the deployment under test from {@code -Drunledger.target}: {@code embedded} (default, the
 * server in-process), {@code jar} (the shipped jar as a child process; {@code -Drunledger.jar} names it),
 * {@code url} (a running deployment at {@code -Drunledger.url}), {@code container} (the image, started by
 * Testcontainers with a fresh volume; see {@link Images}). With {@code -Drunledger.database.url} (and
 * {@code .user}, {@code .password}) the embedded server, the jar and the container use that PostgreSQL
 * database.
 */
public final class Targets {

    private Targets() {
    }

    public static String selected() {
        return System.getProperty("runledger.target", "embedded");
    }

    public static Deployment start() {
        String target = selected();
        return switch (target) {
            case "embedded" -> new EmbeddedDeployment(freshDatabase(), databaseProperties());
            case "jar" -> new JarDeployment(jar(), freshDatabase(), databaseEnvironment());
            case "container" -> new ContainerDeployment(Images.runledger(), databaseEnvironment());
            case "url" -> new UrlDeployment(URI.create(required("runledger.url",
                    "-Drunledger.target=url needs -Drunledger.url=http://host:port")));
            default -> throw new IllegalStateException("Unknown -Drunledger.target=" + target
                    + " (embedded, jar, container or url)");
        };
    }

    /**
     * One more instance of its own, for tests that need several instances on one database: a container with the
     * container target, the jar as a child process with the jar target (both in .ci/run), and with the in-process
     * target a second in-process server (a context, pool, writer and followers of its own; this JVM's code, so that a
     * mutation run counts what two instances catch).
     */
    public static Deployment startInstance() {
        return startInstance(Map.of(), Map.of());
    }

    /**
     * One more instance of the selected target with settings of its own: {@code environment} for a jar or a container,
     * {@code properties} (the same settings by property name) for the in-process server.
     */
    public static Deployment startInstance(Map<String, String> environment, Map<String, String> properties) {
        Map<String, String> env = new java.util.HashMap<>(databaseEnvironment());
        env.putAll(environment);
        return switch (selected()) {
            case "embedded" -> {
                Map<String, String> all = new java.util.HashMap<>(databaseProperties());
                all.putAll(properties);
                yield new EmbeddedDeployment(freshDatabase(), all);
            }
            case "container" -> new ContainerDeployment(Images.runledger(), env);
            default -> new JarDeployment(jar(), freshDatabase(), env);
        };
    }

    /**
     * {@link #startInstance(Map, Map)} on a database no other test uses: a fresh SQLite file, or on PostgreSQL a new
     * database created on the run's server. For tests whose effect reaches every row of the database (removing
     * finished runs); never against a deployment given by URL, whose data is someone's.
     */
    public static Deployment startOnOwnDatabase(Map<String, String> environment, Map<String, String> properties) {
        if (selected().equals("url")) {
            throw new IllegalStateException("a test that needs a database of its own cannot run against -Drunledger.url");
        }
        if (!postgres()) {
            return startInstance(environment, properties);
        }
        String url = newPostgresDatabase();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("RUNLEDGER_DB_URL", url);
        Map<String, String> props = new java.util.HashMap<>(properties);
        props.put("runledger.database.url", url);
        Map<String, String> all = new java.util.HashMap<>(databaseEnvironment());
        all.putAll(env);
        return switch (selected()) {
            case "embedded" -> {
                Map<String, String> merged = new java.util.HashMap<>(databaseProperties());
                merged.putAll(props);
                yield new EmbeddedDeployment(freshDatabase(), merged);
            }
            case "container" -> new ContainerDeployment(Images.runledger(), all);
            default -> new JarDeployment(jar(), freshDatabase(), all);
        };
    }

    /** A new, empty database on the run's PostgreSQL server; its JDBC URL. */
    public static String newPostgresDatabase() {
        String url = databaseUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String name = "runledger_own_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection connection = connect(url);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a database of its own on " + base, e);
        }
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    /** A connection of the test's own to a deployment's database: a SQLite file, or PostgreSQL with the run's login. */
    public static java.sql.Connection connect(String url) throws java.sql.SQLException {
        java.util.Properties credentials = new java.util.Properties();
        if (url.startsWith("jdbc:postgresql:")) {
            credentials.setProperty("user", System.getProperty("runledger.database.user", ""));
            credentials.setProperty("password", System.getProperty("runledger.database.password", ""));
        }
        return java.sql.DriverManager.getConnection(url, credentials);
    }

    /** {@code -Drunledger.database.url=jdbc:postgresql://…}: the deployment uses PostgreSQL instead of SQLite. */
    public static String databaseUrl() {
        return System.getProperty("runledger.database.url", "");
    }

    public static boolean postgres() {
        return databaseUrl().startsWith("jdbc:postgresql:");
    }

    /** The database settings of the run as the jar's environment variables (empty for SQLite). */
    public static Map<String, String> databaseEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>();
        databaseProperties().forEach((key, value) ->
                environment.put("RUNLEDGER_DB_" + key.substring(key.lastIndexOf('.') + 1).toUpperCase(java.util.Locale.ROOT), value));
        return environment;
    }

    static Map<String, String> databaseProperties() {
        Map<String, String> properties = new java.util.HashMap<>();
        for (String name : new String[]{"url", "user", "password"}) {
            String value = System.getProperty("runledger.database." + name, "");
            if (!value.isBlank()) {
                properties.put("runledger.database." + name, value);
            }
        }
        return properties;
    }

    /** The database a jar or embedded server on {@code sqliteFile} uses: the run's PostgreSQL database, or that file. */
    static String jdbcUrl(Path sqliteFile) {
        return postgres() ? databaseUrl() : "jdbc:sqlite:" + sqliteFile.toAbsolutePath();
    }

    public static Path jar() {
        return Path.of(System.getProperty("runledger.jar", "../functions/target/runledger.jar"));
    }

    public static Path freshDatabase() {
        try {
            return Files.createTempDirectory("runledger-contract").resolve("runledger.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property, String message) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(message);
        }
        return value;
    }
}
