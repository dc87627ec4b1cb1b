package org.gridwatch.gen;

import java.util.List;
import org.gridwatch.patrol.Unit;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;

/** The generated city before it is written; lists sorted by code or id. Not thread-safe. */
record DemoCity(long seed, GenArea city, List<GenArea> counties, List<GenArea> townships, List<GenArea> villages,
                List<GenArea> grids, List<SchoolPost> posts, List<KeyPlace> keyPlaces, List<Unit> units) {
}
