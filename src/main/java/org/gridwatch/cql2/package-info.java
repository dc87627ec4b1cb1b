/**
 * CQL2, the OGC Common Query Language (OGC 21-065r2, version 1.0), for the {@code filter} of OGC
 * API Features Part 3: reading CQL2-Text and CQL2-JSON into one immutable syntax tree
 * ({@link org.gridwatch.cql2.Cql2}), checking it against a collection's
 * {@link org.gridwatch.cql2.Queryables}, and testing features ({@link org.gridwatch.cql2.Subject})
 * with it. Pure Java on JTS: no HTTP, no GridWatch models (the routes call it).
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@code Cql2.parseText(text)} and {@code Cql2.parseJson(json)} give equal trees for
 *     equivalent filters. Every bad input raises {@link org.gridwatch.cql2.Cql2Exception} with the
 *     character position and the reason — never another exception, never a stack overflow: the
 *     filter is at most {@link org.gridwatch.cql2.Cql2#MAX_LENGTH} characters and nests at most
 *     {@link org.gridwatch.cql2.Cql2#MAX_DEPTH} levels.</li>
 * <li>{@code expression.validate(queryables)} refuses unknown properties ("unknown property
 *     'catgory'; queryables are: …"), type mismatches and function calls with a
 *     {@code Cql2Exception} whose {@code field()} names the property, and returns the tree to
 *     evaluate, with {@code geometry}/{@code datetime} and the collection's geometry and temporal
 *     properties bound to the feature's geometry and time.</li>
 * <li>{@code expression.test(subject)}: three-valued logic (a predicate on a missing value is
 *     unknown, and unknown does not match); cheap per feature: no parsing, spatial literals are
 *     JTS prepared geometries.</li>
 * <li>Geometry literals stay in the filter's CRS, in the axis order written;
 *     {@code expression.mapGeometries(transform)} returns the tree with them transformed (for
 *     {@code filter-crs}; note that EPSG:4326 is lat/lon in the spec, unlike CRS84). Features are
 *     tested in CRS84 (x = longitude, y = latitude).</li>
 * <li>{@code envelopeHint()} and {@code intervalHint()}: an envelope and a time range every matching
 *     feature intersects, from the top-level AND chain (empty under OR and NOT), for an index
 *     pre-filter before {@code test}.</li>
 * </ul>
 *
 * <h2>Semantics worth knowing</h2>
 * <ul>
 * <li>CASEI/ACCENTI on either side of a comparison, LIKE or IN fold both sides (case: upper then
 *     lower case, root locale; accents: NFD without combining marks).</li>
 * <li>LIKE: {@code %} any characters, {@code _} one character, {@code \} escapes the next one.</li>
 * <li>Temporal functions accept instants and intervals alike; a DATE is its whole UTC day, an open
 *     end ({@code '..'}, or a missing end of the collection's interval) is unbounded. Comparisons
 *     ({@code =}, {@code <}, BETWEEN …) of a date with a timestamp use the start of the day.</li>
 * <li>Numbers are compared as doubles (integers as longs).</li>
 * </ul>
 *
 * <h2>Conformance classes</h2>
 * {@link org.gridwatch.cql2.Cql2#CONFORMANCE}: CQL2 Text, CQL2 JSON, Basic CQL2, Advanced
 * Comparison Operators (LIKE, BETWEEN, IN), Case-insensitive and Accent-insensitive Comparison,
 * Basic Spatial Functions (with Plus), Spatial Functions (all eight, every WKT/GeoJSON geometry
 * type and BBOX), Temporal Functions (all fifteen), Property-Property Comparisons and Arithmetic.
 * Not implemented: Array Functions (A_* are refused while reading) and Custom Functions (calls are
 * read, then refused by {@code validate}).
 *
 * <p>Everything in this package is immutable or confined to one call, and therefore thread-safe.
 */
package org.gridwatch.cql2;
