package org.gridwatch.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CJK font the PDF embeds (a subset: only the glyphs a report uses, a few tens of KiB): the
 * configured file ({@code report.pdf.font}), else the first of the usual places of free CJK
 * TrueType fonts that exists — WenQuanYi Micro Hei and Zen Hei (Debian {@code fonts-wqy-microhei},
 * {@code fonts-wqy-zenhei}), Droid Sans Fallback, AR PL UMing, and on Windows Microsoft YaHei and
 * SimHei. GridWatch ships no font of its own: the deployment installs one (the README says how);
 * without one the PDF is not available (503) while HTML and XLSX are. Fonts with TrueType
 * outlines only ({@code .ttf}, {@code .ttc}): PDFBox subsets those. Immutable.
 */
public final class CjkFont {
    /** Where free CJK TrueType fonts are usually installed, in order of preference. */
    static final List<String> SEARCH = List.of(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "C:\\Windows\\Fonts\\msyh.ttc",
            "C:\\Windows\\Fonts\\simhei.ttf");

    private final Path file;

    private CjkFont(Path file) {
        this.file = file;
    }

    /**
     * The font to use: {@code configured} when given (it must exist: the configuration checks it
     * at start-up), else the first of {@link #SEARCH} present on this machine, else empty.
     */
    public static Optional<CjkFont> find(Path configured) {
        if (configured != null) {
            return Optional.of(new CjkFont(configured));
        }
        return SEARCH.stream().map(Path::of).filter(Files::isReadable).findFirst().map(CjkFont::new);
    }

    /** The font file. */
    public Path file() {
        return file;
    }

    /** True for a TrueType collection ({@code .ttc}): the first font in it is used. */
    boolean isCollection() {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc");
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
