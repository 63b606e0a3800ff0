package io.reactivemicro.sync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process for {@link MultiProcessSyncKit}, using the {@link Sync} plugin named on its command line:
 *
 * <ul>
 *   <li>{@code count <sync> <address> <lock> <file> <rounds>}: {@code rounds} times, under the lock, reads the
 *       number in {@code file}, waits a moment and writes it plus one; prints {@code DONE}.
 *   <li>{@code hold <sync> <address> <lock> <ttlMillis>}: takes the lock, prints {@code LOCKED}, waits for ever.
 *   <li>{@code lead <sync> <address> <election> <ttlMillis>}: campaigns, printing each {@code ELECTED} or {@code
 *       LOST}, for ever.
 * </ul>
 */
public final class SyncWorker {

    private SyncWorker() {}

    public static void main(String[] args) throws Exception {
        Sync sync = Sync.named(args[1], args[2]);
        switch (args[0]) {
            case "count" -> count(sync, args[3], Path.of(args[4]), Integer.parseInt(args[5]));
            case "hold" -> {
                sync.lock(args[3], LockOptions.defaults().withTtl(Duration.ofMillis(Long.parseLong(args[4]))))
                        .block(Duration.ofSeconds(30));
                say("LOCKED");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "lead" ->
                sync.leader(args[3], Duration.ofMillis(Long.parseLong(args[4])))
                        .doOnNext(l -> say(l.state().name()))
                        .blockLast();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void count(Sync sync, String lockId, Path file, int rounds) throws Exception {
        LockOptions options = new LockOptions(Duration.ofSeconds(10), Duration.ofSeconds(60));
        for (int i = 0; i < rounds; i++) {
            Lock lock = sync.lock(lockId, options).block(Duration.ofSeconds(90));
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            int n = text.isEmpty() ? 0 : Integer.parseInt(text);
            Thread.sleep(2);
            Files.writeString(file, Integer.toString(n + 1), StandardCharsets.UTF_8);
            lock.unlock().block(Duration.ofSeconds(30));
        }
        say("DONE");
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
