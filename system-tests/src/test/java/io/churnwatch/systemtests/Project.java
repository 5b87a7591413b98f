package io.churnwatch.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, from the build (churnwatch.project.dir) or the working directory. */
final class Project {

    private Project() {}

    static Path root() {
        String configured = System.getProperty("churnwatch.project.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker-compose.yml not found above " + configured);
        }
        return dir;
    }
}
