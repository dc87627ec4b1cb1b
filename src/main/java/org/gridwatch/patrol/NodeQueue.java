package org.gridwatch.patrol;

import java.util.Arrays;

/**
 * The queue of {@link MovingPointIndex}'s best-first search: nodes (a region, block or cell, at
 * (x, y) in its level's units) by the lower bound of their distance, smallest first; a binary heap
 * of primitives.
 * One search's own: not thread-safe.
 */
final class NodeQueue {
    private double[] floors = new double[64];
    private long[] nodes = new long[64];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    double peekFloor() {
        return floors[0];
    }

    long peekNode() {
        return nodes[0];
    }

    void add(int level, int x, int y, double floor) {
        if (size == floors.length) {
            floors = Arrays.copyOf(floors, 2 * size);
            nodes = Arrays.copyOf(nodes, 2 * size);
        }
        long node = (long) level << 60 | (x & 0x3FFFFFFFL) << 30 | (y & 0x3FFFFFFFL);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (floors[parent] <= floor) {
                break;
            }
            floors[i] = floors[parent];
            nodes[i] = nodes[parent];
            i = parent;
        }
        floors[i] = floor;
        nodes[i] = node;
    }

    void removeFirst() {
        double floor = floors[--size];
        long node = nodes[size];
        int i = 0;
        for (int child = 1; child < size; child = 2 * i + 1) {
            if (child + 1 < size && floors[child + 1] < floors[child]) {
                child++;
            }
            if (floor <= floors[child]) {
                break;
            }
            floors[i] = floors[child];
            nodes[i] = nodes[child];
            i = child;
        }
        floors[i] = floor;
        nodes[i] = node;
    }

    static int level(long node) {
        return (int) (node >>> 60);
    }

    /** The 30-bit coordinate, sign-extended (cells are ±18,000 at most). */
    static int x(long node) {
        return (int) (node << 4 >> 34);
    }

    static int y(long node) {
        return (int) (node << 34 >> 34);
    }
}
