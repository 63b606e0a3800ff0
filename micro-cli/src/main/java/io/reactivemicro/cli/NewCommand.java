package io.reactivemicro.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code micro new NAME}: a Maven project of a service called NAME (an API interface, its handler, a {@code main}
 * that serves until Ctrl-C, a shaded runnable jar) on this build's Reactive Micro version.
 */
@Command(
        name = "new",
        description = "Scaffolds a Maven project for a service called NAME (API, handler, main, runnable jar).")
final class NewCommand implements Callable<Integer> {

    private static final String TEMPLATES = "new/";

    @Parameters(index = "0", paramLabel = "NAME", description = "the service name: letters, digits, '-', '_', '.'")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to write the project (default ./NAME)")
    @Nullable
    Path dir;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "the Java package (default com.example.NAME)")
    @Nullable
    String javaPackage;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[A-Za-z][A-Za-z0-9._-]*")) {
            throw new UsageException("NAME: '" + name + "' (expected: a letter, then letters, digits, '.', '_', '-')");
        }
        String pkg = javaPackage != null
                ? javaPackage
                : "com.example." + identifier(name).toLowerCase(Locale.ROOT);
        if (!pkg.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*")) {
            throw new UsageException("--package: '" + pkg + "' (expected: a lower-case Java package)");
        }
        Path target = dir != null ? dir : Path.of(name);
        if (Files.exists(target)) {
            try (var entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException(target + " exists and is not empty");
                }
            }
        }
        String api = pascal(name);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("groupId", pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : pkg);
        values.put("package", pkg);
        values.put("packagePath", pkg.replace('.', '/'));
        values.put("Api", api);
        values.put("reactiveMicroVersion", Versions.of("reactive-micro"));
        values.put("logbackVersion", Versions.of("logback"));
        values.put("compilerPluginVersion", Versions.of("compiler-plugin"));
        values.put("shadePluginVersion", Versions.of("shade-plugin"));
        Path sources = target.resolve("src/main/java").resolve(pkg.replace('.', '/'));
        write(target.resolve("pom.xml"), "pom.xml.tmpl", values);
        write(target.resolve("README.md"), "README.md.tmpl", values);
        write(target.resolve(".gitignore"), "gitignore.tmpl", values);
        write(sources.resolve(api + ".java"), "Api.java.tmpl", values);
        write(sources.resolve(api + "Handler.java"), "Handler.java.tmpl", values);
        write(sources.resolve("Main.java"), "Main.java.tmpl", values);
        write(target.resolve("src/main/resources/logback.xml"), "logback.xml.tmpl", values);
        var out = spec.commandLine().getOut();
        out.println("created " + target + " (service " + name + ", package " + pkg + ")");
        out.println("  cd " + target + " && mvn package && java -jar target/" + name + ".jar");
        out.println("  ./micro call " + name + " " + api + ".hello '{\"name\":\"John\"}'");
        out.flush();
        return 0;
    }

    private static void write(Path file, String template, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + template)) {
            if (in == null) {
                throw new IllegalStateException("template " + template + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** {@code order-service} → {@code OrderService}. */
    static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String identifier(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "");
    }
}
