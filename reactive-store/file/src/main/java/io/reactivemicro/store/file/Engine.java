package io.reactivemicro.store.file;

import io.reactivemicro.MicroException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One open MVStore file shared by a file store and its scopes. Every change goes through one writer thread,
 * which takes up to {@value #BATCH} queued changes at a time, applies them, commits and forces them to disk
 * once, and only then acknowledges them (group commit: many concurrent writers share one fsync). At most
 * {@value #QUEUE} changes wait; beyond that a write fails at once with 503. Reads run on a bounded scheduler
 * of their own ({@value #READ_THREADS} threads, {@value #READ_QUEUE} queued tasks). Expired records are
 * skipped by reads and removed by a purge every {@link #PURGE_INTERVAL}.
 */
final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    static final int QUEUE = 16_384;
    static final int BATCH = 1_024;
    static final int READ_THREADS = 4;
    static final int READ_QUEUE = 100_000;
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    /** A queued change; {@code sink} is told once it is on disk. */
    private sealed interface Op permits Put, Delete, Purge, Close {}

    private record Put(String map, String key, byte[] envelope, MonoSink<Void> sink) implements Op {}

    private record Delete(String map, String key, MonoSink<Void> sink) implements Op {}

    private record Purge() implements Op {}

    private record Close(MonoSink<Void> sink) implements Op {}

    final String id;
    final Path path;
    final Scheduler clock;
    final Scheduler reads;
    private final MVStore mv;
    // Lock-free so that callers on event-loop threads never park: a bounded count beside an unbounded queue,
    // and the writer parked while there is nothing to do.
    private final ConcurrentLinkedQueue<Op> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final Thread writer;
    private final Disposable purger;
    private volatile boolean closed;

    private Engine(Path path, Scheduler clock) {
        this.id = "store.file";
        this.path = path;
        this.clock = clock;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.mv = new MVStore.Builder()
                    .fileName(path.toString())
                    .autoCommitDisabled()
                    .open();
        } catch (Exception e) {
            throw MicroException.unavailable(id, "cannot open %s: %s", path, e.getMessage());
        }
        this.reads = Schedulers.newBoundedElastic(READ_THREADS, READ_QUEUE, "store-file-read", 60, true);
        this.writer = new Thread(this::writeLoop, "store-file-writer");
        this.writer.setDaemon(true);
        this.writer.start();
        this.purger = Schedulers.parallel()
                .schedulePeriodically(
                        () -> submit(new Purge(), false),
                        PURGE_INTERVAL.toMillis(),
                        PURGE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
        log.info("file store opened at {}", path.toAbsolutePath());
    }

    static Engine open(Path path, Scheduler clock) {
        return new Engine(path, clock);
    }

    long now() {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    MVMap<String, byte[]> map(String name) {
        return maps.computeIfAbsent(name, mv::openMap);
    }

    /** An existing map, or null when nothing was ever written to that scope. */
    @Nullable
    MVMap<String, byte[]> existingMap(String name) {
        MVMap<String, byte[]> m = maps.get(name);
        if (m != null) {
            return m;
        }
        return mv.hasMap(name) ? map(name) : null;
    }

    void put(String map, String key, byte[] envelope, MonoSink<Void> sink) {
        enqueue(new Put(map, key, envelope, sink), sink);
    }

    void delete(String map, String key, MonoSink<Void> sink) {
        enqueue(new Delete(map, key, sink), sink);
    }

    void close(MonoSink<Void> sink) {
        if (closed) {
            sink.success();
            return;
        }
        closed = true;
        purger.dispose();
        submit(new Close(sink), true);
    }

    boolean closed() {
        return closed;
    }

    private void enqueue(Op op, MonoSink<Void> sink) {
        if (closed) {
            sink.error(MicroException.unavailable(id, "store %s is closed", path));
        } else if (!submit(op, false)) {
            sink.error(MicroException.unavailable(id, "write queue full (%d pending writes)", QUEUE));
        }
    }

    private boolean submit(Op op, boolean always) {
        if (pending.incrementAndGet() > QUEUE && !always) {
            pending.decrementAndGet();
            return false;
        }
        queue.add(op);
        LockSupport.unpark(writer);
        return true;
    }

    private @Nullable Op poll() {
        Op op = queue.poll();
        if (op != null) {
            pending.decrementAndGet();
        }
        return op;
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>(BATCH);
        while (true) {
            Op first = poll();
            if (first == null) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            batch.add(first);
            for (Op next; batch.size() < BATCH && (next = poll()) != null; ) {
                batch.add(next);
            }
            List<MonoSink<Void>> done = new ArrayList<>(batch.size());
            MonoSink<Void> closing = null;
            for (Op op : batch) {
                try {
                    if (op instanceof Put p) {
                        map(p.map()).put(p.key(), p.envelope());
                        done.add(p.sink());
                    } else if (op instanceof Delete d) {
                        MVMap<String, byte[]> m = existingMap(d.map());
                        if (m != null) {
                            m.remove(d.key());
                        }
                        done.add(d.sink());
                    } else if (op instanceof Purge) {
                        purge();
                    } else if (op instanceof Close c) {
                        closing = c.sink();
                    }
                } catch (RuntimeException e) {
                    failOne(op, e);
                }
            }
            batch.clear();
            Throwable failure = null;
            try {
                if (mv.hasUnsavedChanges()) {
                    mv.commit();
                    mv.sync();
                }
            } catch (RuntimeException e) {
                log.error("file store {}: commit failed", path, e);
                failure = MicroException.unavailable(id, "commit to %s failed: %s", path, e.getMessage());
            }
            for (MonoSink<Void> sink : done) {
                if (failure == null) {
                    sink.success();
                } else {
                    sink.error(failure);
                }
            }
            if (closing != null) {
                shutdown(closing);
                return;
            }
        }
    }

    private void failOne(Op op, RuntimeException e) {
        MicroException error = MicroException.internal(id, "write to %s failed: %s", path, e.getMessage());
        if (op instanceof Put p) {
            p.sink().error(error);
        } else if (op instanceof Delete d) {
            d.sink().error(error);
        } else {
            log.warn("file store {}: {} failed", path, op, e);
        }
    }

    private void purge() {
        long now = now();
        int removed = 0;
        for (String name : mv.getMapNames()) {
            MVMap<String, byte[]> m = map(name);
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                if (!Envelope.decode(e.getValue()).liveAt(now)) {
                    m.remove(e.getKey(), e.getValue());
                    removed++;
                }
            }
        }
        if (removed > 0) {
            log.debug("file store {}: purged {} expired records", path, removed);
        }
        mv.commit();
        mv.compact(50, 16 * 1024 * 1024);
    }

    private void shutdown(MonoSink<Void> closing) {
        for (Op op; (op = poll()) != null; ) {
            failOne(op, new IllegalStateException("store closed"));
        }
        try {
            mv.close();
            reads.dispose();
            log.info("file store closed at {}", path.toAbsolutePath());
            closing.success();
        } catch (RuntimeException e) {
            closing.error(MicroException.internal(id, "closing %s failed: %s", path, e.getMessage()));
        }
    }
}
