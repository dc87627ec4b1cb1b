/**
 * Typed failures shared by every layer: {@link org.gridwatch.error.GridWatchException} and its
 * {@link org.gridwatch.error.FailureKind}, store failures ({@link org.gridwatch.error.StoreException}).
 * Edges (HTTP, {@code /live}) answer a failure by its kind alone, in one place each.
 */
package org.gridwatch.error;
