package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code micro new}: the project it writes compiles (javac against this build's classes, as Maven would against
 * the same artifacts), runs, and answers {@code micro call}; its pom imports this version's BOM.
 */
class NewCommandTest {

    @Test
    void scaffoldedServiceCompilesRunsAndAnswers(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("orders");
        Cli.Result created = Cli.run("new", "orders", "--dir", project.toString());
        assertThat(created.code()).isZero();
        assertThat(created.out()).startsWith("created " + project + " (service orders, package com.example.orders)");

        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(project.resolve("pom.xml").toFile());
        assertThat(pom.getElementsByTagName("reactive-micro.version").item(0).getTextContent())
                .isEqualTo(Versions.of("reactive-micro"));
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains(
                        "<artifactId>reactive-micro-bom</artifactId>",
                        "<mainClass>com.example.orders.Main</mainClass>");

        Path classes = dir.resolve("classes");
        compile(project.resolve("src/main/java"), classes);
        Files.copy(project.resolve("src/main/resources/logback.xml"), classes.resolve("logback.xml"));

        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        List<String> command = List.of(
                Subprocess.javaBin(),
                "-cp",
                classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                "-Dmicro.registry=memory",
                "-Dmicro.server.address=" + address,
                "com.example.orders.Main");
        try (Subprocess service = Subprocess.start(command, dir)) {
            service.awaitLine(l -> l.contains("orders 0.1.0 serving at " + address), Duration.ofSeconds(60));
            Cli.Result hello = Cli.run(
                    "--registry",
                    "memory",
                    "-o",
                    "json",
                    "call",
                    "orders",
                    "Orders.hello",
                    "{\"name\":\"John\"}",
                    "--address",
                    address);
            assertThat(hello.err()).isEmpty();
            assertThat(hello.out()).isEqualTo("{\"message\":\"Hello, John!\"}\n");
            Cli.Result count = Cli.run(
                    "--registry", "memory", "stream", "orders", "Orders.count", "{\"to\":3}", "--address", address);
            assertThat(count.out()).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        }
    }

    @Test
    void refusesANonEmptyDirectoryAndABadName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        Cli.Result existing = Cli.run("new", "orders", "--dir", dir.toString());
        assertThat(existing.code()).isEqualTo(2);
        assertThat(existing.err()).contains("exists and is not empty");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(Cli.run("new", "9lives", "--dir", dir.resolve("x").toString())
                        .code())
                .isEqualTo(2);
    }

    private static void compile(Path sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-Xlint:all",
                "-Werror"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        int result = javac.run(null, null, null, args.toArray(String[]::new));
        assertThat(result)
                .as("javac exit code (its messages are in the test output)")
                .isZero();
    }
}
