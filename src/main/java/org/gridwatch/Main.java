package org.gridwatch;
public final class Main { public static void main(String[] a) {} }
