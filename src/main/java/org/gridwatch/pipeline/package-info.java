/**
 * The machinery of change streams and of the threads that own state: {@link org.gridwatch.pipeline.Lane}
 * (a named Vert.x worker thread running tasks in order), {@link org.gridwatch.pipeline.Ticker}
 * (coalesced periodic tasks), {@link org.gridwatch.pipeline.CommitQueue} (every write prepared
 * and applied on the state lane, committed on the store lane, with deadlines for clients) and
 * {@link org.gridwatch.pipeline.Pipeline} (a stream's ordered {@link org.gridwatch.pipeline.Stage}s);
 * {@link org.gridwatch.pipeline.ReadBudget} bounds one blocking read (most rows, a stop at its
 * deadline or when its client goes away).
 * Knows nothing of the domain; the streams themselves are declared in {@code org.gridwatch.Streams}.
 */
package org.gridwatch.pipeline;
