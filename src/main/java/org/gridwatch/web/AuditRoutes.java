package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.codec.TimeFormat;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.audit.AuditStore;
import org.gridwatch.export.CsvWriter;

/**
 * The audit trail for the auditor: {@code GET /api/v1/audit?from=&to=&user=&action=&after=&limit=}
 * (JSON pages, oldest first, {@code next} names the {@code after} of the following page) and
 * {@code GET /api/v1/audit.csv} with the same filters (the whole selection, UTF-8 with BOM so that
 * Excel shows the Chinese). Store-read executor. Thread-safe.
 */
final class AuditRoutes {
    static final int DEFAULT_PAGE = 500;
    static final int MAX_PAGE = 5_000;
    /** Most rows of one CSV export (a month of a busy city is far less). */
    static final int MAX_CSV = 1_000_000;
    /** Characters written to the client at a time. */
    private static final int CHUNK = 64 * 1024;
    /** How long the client may take to read one chunk. */
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final AuditStore store;

    AuditRoutes(AuditStore store) {
        this.store = store;
    }

    private static AuditQuery query(RoutingContext ctx, int limit) {
        Instant[] window = Params.timeWindow(ctx);
        String user = Params.string(ctx, "user");
        if (user != null && user.length() > 128) {
            throw Problem.badField("user", "at most 128 characters");
        }
        String a = Params.string(ctx, "action");
        AuditAction action = a == null ? null : AuditAction.parse(a).orElseThrow(() -> Problem.badField("action",
                "unknown action '" + a + "'; actions: " + java.util.Arrays.stream(AuditAction.values())
                        .map(AuditAction::id).toList()));
        String after = Params.string(ctx, "after");
        Long afterSeq = after == null ? null : (long) Params.integer("after", after, 0, Integer.MAX_VALUE);
        return new AuditQuery(window[0], window[1], user, action, afterSeq, limit);
    }

    static JsonObject json(AuditRecord r, TimeFormat t) {
        AuditEvent e = r.event();
        return new JsonObject().put("seq", r.seq()).put("at", t.format(e.at())).put("actorKind", e.actorKind())
                .put("actorId", e.actorId()).put("actorName", e.actorName()).put("address", e.address())
                .put("userAgent", e.userAgent()).put("action", e.action().id()).put("route", e.route())
                .put("target", e.target()).put("outcome", e.outcome()).put("detail", e.detail())
                .put("hash", r.hash());
    }

    void list(RoutingContext ctx) {
        int limit = Params.limit(ctx, DEFAULT_PAGE, MAX_PAGE);
        List<AuditRecord> rows = new ArrayList<>();
        store.forEachAudit(query(ctx, limit + 1), rows::add);
        boolean more = rows.size() > limit;
        JsonArray items = new JsonArray();
        for (AuditRecord r : more ? rows.subList(0, limit) : rows) {
            items.add(json(r, Times.of(ctx)));
        }
        JsonObject body = new JsonObject().put("records", items).put("numberReturned", items.size());
        if (more) {
            body.put("next", rows.get(limit - 1).seq());
        }
        Responses.json(ctx, 200, body);
    }

    /**
     * Streams the selection as CSV in chunks, each written before the next is read (the client's
     * pace holds this store-read thread, never the heap).
     */
    void csv(RoutingContext ctx) {
        AuditQuery q = query(ctx, MAX_CSV);
        var resp = ctx.response().setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"gridwatch-audit.csv\"");
        StringBuilder b = new StringBuilder("\uFEFFseq,at,actor_kind,actor_id,actor_name,address,user_agent,action,route,"
                + "target,outcome,detail,hash\r\n");
        TimeFormat times = Times.of(ctx);
        store.forEachAudit(q, r -> {
            AuditEvent e = r.event();
            b.append(r.seq()).append(',').append(times.format(e.at())).append(',');
            for (String s : new String[] {e.actorKind(), e.actorId(), e.actorName(), e.address(), e.userAgent(),
                    e.action().id(), e.route(), e.target()}) {
                b.append(CsvWriter.cell(s)).append(',');
            }
            b.append(e.outcome()).append(',').append(CsvWriter.cell(e.detail())).append(',').append(r.hash()).append("\r\n");
            if (b.length() >= CHUNK) {
                write(resp, b);
            }
        });
        resp.end(Buffer.buffer(b.toString()));
    }

    private static void write(io.vertx.core.http.HttpServerResponse resp, StringBuilder b) {
        try {
            resp.write(Buffer.buffer(b.toString())).toCompletionStage().toCompletableFuture()
                    .get(WRITE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit export", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the client stopped reading the audit export", e);
        }
        b.setLength(0);
    }
}
