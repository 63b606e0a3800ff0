package io.reactivemicro.cli;

import io.reactivemicro.MicroException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;
import reactor.core.Exceptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a command prints: aligned tables (bold headers, coloured status when stdout is a terminal, plain when piped)
 * or JSON ({@code --output json}); errors to stderr.
 */
final class Output {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Ansi ansi = Ansi.AUTO;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** {@code value} as JSON: one compact line with {@code --output json}, indented otherwise. */
    void value(Object value) {
        line(
                json
                        ? JSON.writeValueAsString(value)
                        : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    /** {@code value} as one compact JSON line whatever the format: streams print one document per line. */
    void compact(Object value) {
        line(JSON.writeValueAsString(value));
    }

    String bold(String text) {
        return ansi.string("@|bold " + escape(text) + "|@");
    }

    /** Green for {@code ok}, red for anything else. */
    String status(String text, boolean ok) {
        return ansi.string("@|" + (ok ? "green" : "red") + " " + escape(text) + "|@");
    }

    /** Rows under bold headers, each column as wide as its widest cell plus two spaces. */
    void table(List<String> headers, List<List<String>> rows) {
        table("", headers, rows);
    }

    void table(String indent, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], visibleLength(row.get(i)));
            }
        }
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                sb.append(r == 0 ? bold(cell) : cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths[i] - visibleLength(cell) + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    /**
     * Prints {@code failure} to stderr and returns the exit code: a {@link MicroException} as {@code error: <id>
     * <code> <status>: <detail>} (or its JSON with {@code --output json}), anything else as {@code micro:
     * <message>}.
     */
    int failure(Throwable failure) {
        Throwable e = Exceptions.unwrap(failure);
        if (e instanceof MicroException m) {
            if (json) {
                ObjectNode node = JSON.createObjectNode()
                        .put("id", m.id())
                        .put("code", m.code())
                        .put("detail", m.detail())
                        .put("status", m.status());
                err.println(JSON.writeValueAsString(node));
            } else {
                err.println(
                        status("error", false) + ": " + m.id() + " " + m.code() + " " + m.status() + ": " + m.detail());
            }
        } else {
            err.println("micro: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        err.flush();
        return MicroCommand.exitCode(e);
    }

    static String compactJson(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static String escape(String text) {
        return text.replace("|@", "| @").replace("@|", "@ |");
    }

    /** The length as shown: ANSI escape sequences take no column. */
    private static int visibleLength(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*m", "").length();
    }
}
