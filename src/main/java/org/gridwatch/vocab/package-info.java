/**
 * The shared shape of GridWatch's fixed vocabularies (categories, sources, statuses, unit and
 * place kinds): each term has a stable API identifier and a Chinese label.
 */
package org.gridwatch.vocab;
