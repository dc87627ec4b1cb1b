/**
 * Typed, documented, validated configuration. The documented defaults live in
 * {@code config/gridwatch.yaml} (packed into the jar); {@link org.gridwatch.config.ConfigLoader}
 * overlays a {@code --config} file and {@code GRIDWATCH_*} environment variables, validates every
 * value and warns about unknown keys.
 */
package org.gridwatch.config;
