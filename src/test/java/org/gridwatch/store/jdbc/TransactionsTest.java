package org.gridwatch.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.junit.jupiter.api.Test;

/**
 * The transaction rules both stores share, against a scripted connection: commit and rollback,
 * retries of retryable errors, the failure kinds, {@code maybeStored} only for a connection lost
 * during the commit, fail-fast after a connection failure, closing.
 */
class TransactionsTest {
    /** SQLSTATEs the scripted dialect calls retryable, a lost connection, a unique violation. */
    private static final String BUSY = "BUSY";
    private static final String LOST = "08006";
    private static final String UNIQUE = "23505";

    /** What happened to the connections, in order: "writer", "commit", "rollback", "release", "reader", "close". */
    private final List<String> events = new ArrayList<>();
    /** Thrown by the next commit, if set. */
    private SQLException commitFailure;
    /** Thrown by the next writer() or reader(), if set. */
    private SQLException connectFailure;

    private final Dialect dialect = (Dialect) Proxy.newProxyInstance(Dialect.class.getClassLoader(),
            new Class<?>[] {Dialect.class}, (p, m, args) -> switch (m.getName()) {
                case "isRetryable" -> BUSY.equals(((SQLException) args[0]).getSQLState());
                case "isUniqueViolation" -> UNIQUE.equals(((SQLException) args[0]).getSQLState());
                case "isConnectionFailure" -> args[0] instanceof SQLException se && LOST.equals(se.getSQLState());
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, args) -> {
                    switch (m.getName()) {
                        case "commit" -> {
                            events.add("commit");
                            SQLException e = commitFailure;
                            commitFailure = null;
                            if (e != null) {
                                throw e;
                            }
                        }
                        case "rollback" -> events.add("rollback");
                        case "close" -> events.add("close");
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }

    private final ConnectionSource source = new ConnectionSource() {
        @Override
        public String describe() {
            return "test store";
        }

        @Override
        public Connection writer() throws SQLException {
            events.add("writer");
            return take();
        }

        @Override
        public void release(Connection writer) {
            events.add("release");
        }

        @Override
        public Connection reader() throws SQLException {
            events.add("reader");
            return take();
        }

        private Connection take() throws SQLException {
            SQLException e = connectFailure;
            connectFailure = null;
            if (e != null) {
                throw e;
            }
            return connection();
        }

        @Override
        public boolean probe() {
            events.add("probe");
            return true;
        }

        @Override
        public void close() {
            events.add("closed");
        }
    };

    private final Transactions tx = new Transactions(source, dialect, 60_000_000_000L);

    @Test
    void aWriteCommitsAndAReadRollsBack() {
        assertThat(tx.<Integer>write("op", "", c -> 7)).isEqualTo(7);
        assertThat(tx.<Integer>read("op", "", c -> 8)).isEqualTo(8);
        assertThat(events).containsExactly("writer", "commit", "release", "reader", "rollback", "close");
    }

    @Test
    void aRetryableFailureRunsTheWriteAgain() {
        AtomicInteger runs = new AtomicInteger();
        int result = tx.write("op", "", c -> {
            if (runs.incrementAndGet() < Transactions.ATTEMPTS) {
                throw new SQLException("database is locked", BUSY);
            }
            return runs.get();
        });
        assertThat(result).isEqualTo(Transactions.ATTEMPTS);
        assertThat(events).containsExactly("writer", "rollback", "release", "writer", "rollback", "release", "writer",
                "commit", "release");
    }

    @Test
    void retriesEndAfterTheLastAttemptAndOtherFailuresAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> tx.write("insertThing", "id 5", c -> {
            runs.incrementAndGet();
            throw new SQLException("database is locked", BUSY);
        })).isInstanceOf(StoreException.class).hasMessageContaining("insertThing failed (id 5) on test store")
                .hasMessageContaining("nothing was changed")
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(FailureKind.UNAVAILABLE));
        assertThat(runs).hasValue(Transactions.ATTEMPTS);

        runs.set(0);
        assertThatThrownBy(() -> tx.write("op", "", c -> {
            runs.incrementAndGet();
            throw new SQLException("constraint failed", UNIQUE);
        })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(tx.isUniqueViolation(e)).isTrue());
        assertThat(runs).hasValue(1);
        // Reads are never run twice: their sink may have seen rows already.
        runs.set(0);
        assertThatThrownBy(() -> tx.read("op", "", c -> {
            runs.incrementAndGet();
            throw new SQLException("database is locked", BUSY);
        })).isInstanceOf(StoreException.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void storeExceptionsOfTheWorkAndRuntimeExceptionsOfAReadPassAsTheyAre() {
        StoreException notFound = new StoreException(FailureKind.NOT_FOUND, "no such thing", null);
        assertThatThrownBy(() -> tx.write("op", "", c -> {
            throw notFound;
        })).isSameAs(notFound);
        IllegalStateException sink = new IllegalStateException("the sink broke");
        assertThatThrownBy(() -> tx.read("op", "", c -> {
            throw sink;
        })).isSameAs(sink);
        assertThatThrownBy(() -> tx.write("op", "", c -> {
            throw sink;
        })).isInstanceOf(StoreException.class).hasCause(sink);
        assertThat(events).containsExactly("writer", "rollback", "release", "reader", "rollback", "close", "writer",
                "rollback", "release");
    }

    @Test
    void onlyAConnectionLostDuringTheCommitMayHaveStoredTheWrite() {
        commitFailure = new SQLException("connection reset", LOST);
        assertThatThrownBy(() -> tx.write("op", "", c -> null)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.maybeStored()).isTrue();
            assertThat(e.getMessage()).contains("may still have been stored");
        });
        assertThat(tx.isAvailable()).isTrue(); // ends the fail-fast period

        assertThatThrownBy(() -> tx.write("op", "", c -> {
            throw new SQLException("connection reset", LOST);
        })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.maybeStored()).isFalse());
        assertThat(tx.isAvailable()).isTrue();

        connectFailure = new SQLException("connection refused", LOST);
        assertThatThrownBy(() -> tx.write("op", "", c -> null))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.maybeStored()).isFalse());
    }

    @Test
    void afterAConnectionFailureCallsFailAtOnceUntilTheProbeAnswers() {
        connectFailure = new SQLException("connection refused", LOST);
        assertThatThrownBy(() -> tx.read("op", "", c -> 1)).isInstanceOf(StoreException.class);
        events.clear();
        assertThatThrownBy(() -> tx.write("op", "", c -> 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot be reached");
        assertThat(events).as("no connection asked for while failing fast").isEmpty();
        assertThat(tx.isAvailable()).isTrue();
        assertThat(tx.<Integer>write("op", "", c -> 2)).isEqualTo(2);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        tx.close();
        tx.close();
        assertThat(events).containsExactly("closed");
        assertThat(tx.isAvailable()).isFalse();
        assertThatThrownBy(() -> tx.write("insertThing", "", c -> 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("insertThing failed: test store is closed");
        assertThatThrownBy(() -> tx.read("loadThings", "", c -> 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is closed");
    }
}
