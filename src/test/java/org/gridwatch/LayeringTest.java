package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering written in the root {@code package-info.java} holds for the compiled main
 * classes: every dependency between GridWatch packages points to a lower layer.
 */
class LayeringTest {
    private static final String ROOT = "org.gridwatch";
    private static Map<String, Integer> layers;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws IOException {
        layers = layers(Files.readString(Path.of("src/main/java/org/gridwatch/package-info.java"), StandardCharsets.UTF_8));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** Package (relative to the root, "" for the root) → layer number, from the {@code layers} block. */
    static Map<String, Integer> layers(String packageInfo) {
        Matcher block = Pattern.compile("\\{@code layers\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL).matcher(packageInfo);
        assertThat(block.find()).as("a {@code layers ...} block in the root package-info").isTrue();
        Map<String, Integer> out = new TreeMap<>();
        Pattern row = Pattern.compile("^ \\*\\s+(\\d+) (.*?)(?: {2,}.*)?$");
        for (String line : block.group(1).split("\n")) {
            Matcher m = row.matcher(line);
            assertThat(m.matches()).as("layer row: " + line).isTrue();
            for (String p : m.group(2).trim().split(" +")) {
                out.put(p.equals("(root)") ? "" : p, Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> missing = new TreeSet<>();
        for (JavaClass c : classes) {
            String p = relative(c.getPackageName());
            if (!layers.containsKey(p)) {
                missing.add(p);
            }
        }
        assertThat(missing).as("packages missing from the layers of the root package-info").isEmpty();
    }

    @Test
    void packagesUseOnlyLowerLayers() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : classes) {
            String from = relative(c.getPackageName());
            Integer own = layers.get(from);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (!target.equals(ROOT) && !target.startsWith(ROOT + ".") || target.equals(c.getPackageName())) {
                    continue;
                }
                Integer theirs = layers.get(relative(target));
                if (own != null && theirs != null && theirs >= own) {
                    violations.add(from + " (layer " + own + ") uses " + relative(target) + " (layer " + theirs + "): "
                            + d.getDescription());
                }
            }
        }
        assertThat(violations).as("dependencies on the same or a higher layer").isEmpty();
    }

    @Test
    void theLayerBlockIsReadAsWritten() {
        assertThat(layers).containsEntry("", 12).containsEntry("web", 10).containsEntry("live", 10)
                .containsEntry("store.postgis", 8).containsEntry("store.jdbc", 7).containsEntry("geo", 0);
        assertThat(layers("/**\n * <pre>{@code layers\n *  2 a b    words\n *  1 c\n * }</pre>\n */"))
                .isEqualTo(Map.of("a", 2, "b", 2, "c", 1));
    }
}
