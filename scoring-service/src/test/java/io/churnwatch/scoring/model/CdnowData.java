package io.churnwatch.scoring.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the CDNOW reference files from the shared data folder, skipping the calling test when absent. */
final class CdnowData {

    private CdnowData() {}

    static Path folder() {
        String shared = System.getProperty("churnwatch.shared.dir");
        Path folder = shared == null ? null : Path.of(shared, "data", "cdnow");
        assumeTrue(
                folder != null && Files.isDirectory(folder),
                "CDNOW data not found: set system property churnwatch.shared.dir to the folder holding data/cdnow/"
                        + " (was " + shared + "); skipping");
        return folder;
    }

    /** The calibration summary keyed by customer id, in file order. */
    static Map<Integer, RepeatHistory> summary() {
        Path file = folder().resolve("cdnow_customers_summary.csv");
        List<String> lines = lines(file);
        Map<Integer, RepeatHistory> byId = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            byId.put(
                    Integer.parseInt(cells[0]),
                    new RepeatHistory(
                            Integer.parseInt(cells[1]), Double.parseDouble(cells[2]), Double.parseDouble(cells[3])));
        }
        return byId;
    }

    /** Raw transaction rows: master id, sample id, date YYYYMMDD, CDs, dollars. */
    static List<String[]> transactions() {
        return lines(folder().resolve("CDNOW_sample.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+"))
                .toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
