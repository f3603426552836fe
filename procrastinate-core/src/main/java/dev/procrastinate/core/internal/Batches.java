package dev.procrastinate.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/** Internal: not part of the API. Splits a batch into groups of items that go into the same statement. */
public final class Batches {

    private Batches() {
    }

    /**
     * The items grouped by {@code sameGroup} (compared with each group's first item), groups in order of first
     * appearance, items in order within each. Meant for a handful of groups: a linear look-up, no key objects.
     */
    public static <T> List<List<T>> group(List<T> items, BiPredicate<T, T> sameGroup) {
        List<List<T>> groups = new ArrayList<>(1);
        for (T item : items) {
            List<T> group = null;
            for (List<T> candidate : groups) {
                if (sameGroup.test(candidate.get(0), item)) {
                    group = candidate;
                    break;
                }
            }
            if (group == null) {
                group = new ArrayList<>(items.size());
                groups.add(group);
            }
            group.add(item);
        }
        return groups;
    }
}
