package org.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The index offers every subscription a change can match, each once: checked against brute force. */
class SubscriptionIndexTest {
    static final Scope CITY = new Scope(new AdminArea("371600", "滨州市", AdminLevel.CITY, null,
            Geo.FACTORY.toGeometry(new Envelope(117, 119, 36, 39)), 0, 0, 0, null, true));

    static Subscription subscription(int n, Envelope bbox) {
        Filter f = new Filter(bbox, CITY, Map.of());
        return new Subscription(null, "s" + n, Channel.UNITS, new Feed.Spec("", Map.of(), null), f, null, null);
    }

    static Envelope box(Random r, double maxSide) {
        double x = 117.2 + r.nextDouble() * 1.2;
        double y = 36.6 + r.nextDouble() * 1.7;
        return new Envelope(x, x + r.nextDouble() * maxSide, y, y + r.nextDouble() * maxSide);
    }

    static Item item(Random r, int k) {
        int what = r.nextInt(10);
        Envelope e = what == 0 ? null : what == 1 ? box(r, 0.2) : box(r, 0);   // no place, an area, a point
        return new Item("k" + k, "{}", e, null, Map.of());
    }

    @Test
    void candidatesAreEveryMatchOnceWhateverTheBboxes() {
        Random r = new Random(20261128);
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int what = r.nextInt(10);
            // whole city (no bbox), a county-sized view over many cells, township/street views
            subs.add(subscription(i, what == 0 ? null : what == 1 ? box(r, 1.5) : box(r, 0.08)));
        }
        for (int round = 0; round < 3; round++) {
            SubscriptionIndex index = new SubscriptionIndex(subs);
            long offered = 0;
            for (int k = 0; k < 2_000; k++) {
                Item after = r.nextInt(8) == 0 ? null : item(r, k);
                Item before = after != null && r.nextInt(3) == 0 ? null : item(r, k);
                Map<Subscription, Integer> calls = new IdentityHashMap<>();
                index.candidates(after, before, s -> calls.merge(s, 1, Integer::sum));
                assertThat(calls.values()).as("each candidate once").allMatch(n -> n == 1);
                Set<String> expected = new HashSet<>();
                for (Subscription s : subs) {
                    if ((after != null && s.filter.matches(after)) || (before != null && s.filter.matches(before))) {
                        expected.add(s.id);
                    }
                }
                Set<String> got = new HashSet<>();
                calls.keySet().forEach(s -> got.add(s.id));
                assertThat(got).as("change %d", k).containsAll(expected);
                offered += calls.size();
            }
            // and it prunes: a fifth of the views see every change and a tenth of the changes reach
            // everyone, so well under half the offers of a brute-force loop are left
            assertThat(offered).isLessThan(subs.size() * 2_000L * 2 / 5);
            subs.remove(r.nextInt(subs.size()));     // a rebuilt index (new stamps) after the group changed
        }
    }
}
