package io.churnwatch.alert;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of alert-service, checked on its compiled classes (plain JUnit, no Quarkus): the layers
 * api, messaging, the features, persistence and config depend one way, the top-level packages have no cycles, and
 * JAX-RS and Kafka's consumer records stay in their adapters. Each package's package-info says what it owns.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {
        "io.churnwatch.alert.episode..", "io.churnwatch.alert.routing..", "io.churnwatch.alert.delivery..",
        "io.churnwatch.alert.digest..", "io.churnwatch.alert.inbox..", "io.churnwatch.alert.stats.."
    };

    private static JavaClasses service;

    @BeforeAll
    static void importMainClasses() {
        service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.churnwatch.alert");
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("API")
                .definedBy("io.churnwatch.alert.api..")
                .layer("Messaging")
                .definedBy("io.churnwatch.alert.messaging..")
                .layer("Features")
                .definedBy(FEATURES)
                .layer("Persistence")
                .definedBy("io.churnwatch.alert.persistence..")
                .layer("Config")
                .definedBy("io.churnwatch.alert.config..")
                .whereLayer("API")
                .mayNotBeAccessedByAnyLayer()
                // the live stream resource reads the alerts topic through messaging's AlertStream
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
        // a feature's subpackages (delivery.channel) belong to its slice: within a feature, cycles are its own business
        slices().matching("io.churnwatch.alert.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(service);
    }

    @Test
    void onlyMessagingSeesKafkaConsumerRecords() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.alert.messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka.clients.consumer..")
                .because("features take risk changes, not ConsumerRecords; reading records is the Kafka adapter's job")
                .check(service);
    }

    @Test
    void onlyTheApiUsesJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.alert.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..")
                .because("features answer with values and ProblemExceptions; HTTP is the REST layer's")
                .check(service);
    }
}
