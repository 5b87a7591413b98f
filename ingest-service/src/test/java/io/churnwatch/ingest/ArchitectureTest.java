package io.churnwatch.ingest;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of ingest-service, checked on its compiled classes (plain JUnit, no Quarkus): the layers
 * api, messaging, the features, persistence and config depend one way, the top-level packages have no cycles, and
 * Kafka stays in messaging, JAX-RS in api and SQL in persistence. Each package's package-info says what it owns.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {
        "io.churnwatch.ingest.intake..",
        "io.churnwatch.ingest.validation..",
        "io.churnwatch.ingest.segment..",
        "io.churnwatch.ingest.tenant.."
    };

    private static final DescribedPredicate<JavaClass> DATABASE_CLIENTS = resideInAnyPackage(
                    "io.vertx.sqlclient..",
                    "io.vertx.mutiny.sqlclient..",
                    "io.vertx.pgclient..",
                    "io.vertx.mutiny.pgclient..",
                    "javax.sql..")
            .or(assignableTo(Connection.class))
            .or(assignableTo(Statement.class))
            .or(assignableTo(ResultSet.class))
            .as("are database clients (SQL client, JDBC)");

    private static JavaClasses service;

    @BeforeAll
    static void importMainClasses() {
        service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.churnwatch.ingest");
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("API")
                .definedBy("io.churnwatch.ingest.api..")
                .layer("Messaging")
                .definedBy("io.churnwatch.ingest.messaging..")
                .layer("Features")
                .definedBy(FEATURES)
                .layer("Persistence")
                .definedBy("io.churnwatch.ingest.persistence..")
                .layer("Config")
                .definedBy("io.churnwatch.ingest.config..")
                .whereLayer("API")
                .mayNotBeAccessedByAnyLayer()
                // intake writes through its EventSink port; the Kafka producer implements it
                .whereLayer("Messaging")
                .mayOnlyBeAccessedByLayers("API")
                .whereLayer("Features")
                .mayOnlyBeAccessedByLayers("API", "Messaging")
                .whereLayer("Persistence")
                .mayOnlyBeAccessedByLayers("API", "Messaging", "Features")
                .whereLayer("Config")
                .mayNotAccessAnyLayer()
                .check(service);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.churnwatch.ingest.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(service);
    }

    @Test
    void onlyMessagingSeesKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.ingest.messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because("features hand events to the EventSink port; producing to Kafka is the adapter's job")
                .check(service);
    }

    @Test
    void onlyTheApiUsesJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.ingest.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..")
                .because("features answer with values and ProblemExceptions; HTTP is the REST layer's")
                .check(service);
    }

    @Test
    void onlyPersistenceUsesADatabaseClient() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.ingest.persistence..")
                .should()
                .dependOnClassesThat(DATABASE_CLIENTS)
                .because("every statement lives in a persistence repository; features call those")
                .check(service);
    }
}
