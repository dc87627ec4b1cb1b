/**
 * The audit trail (审计): who did what, when, from where and with what outcome — logins, logouts,
 * lock-outs, writes, exports, denied requests, reads of case records and every change to
 * accounts. Append-only and tamper-evident: each {@link org.gridwatch.audit.AuditRecord} carries
 * a SHA-256 hash chaining it to the one before ({@link org.gridwatch.audit.AuditChain}); the
 * {@link org.gridwatch.audit.AuditLog} batches events from any thread into the store
 * ({@link org.gridwatch.audit.AuditStore}) on the store lane.
 */
package org.gridwatch.audit;
