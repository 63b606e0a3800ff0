package io.reactivemicro.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The versions this build was made with (filtered in by Maven): {@code micro --version}, {@code micro new}. */
final class Versions implements CommandLine.IVersionProvider {

    static final Properties VALUES = load();

    static String of(String name) {
        String value = VALUES.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("versions.properties has no " + name);
        }
        return value;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"micro " + of("reactive-micro")};
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
