package io.churnwatch.scoring;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of scoring-service, checked on its compiled classes (plain JUnit, no Quarkus): the layers
 * api, messaging, the features, persistence and the model and configuration depend one way, the top-level packages
 * have no cycles, the model stays plain Java, Kafka stays in messaging, JAX-RS in api and SQL in persistence. Each
 * package's package-info says what it owns.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {
        "io.churnwatch.scoring.state..", "io.churnwatch.scoring.gaps..", "io.churnwatch.scoring.alive..",
        "io.churnwatch.scoring.metrics..", "io.churnwatch.scoring.policy..", "io.churnwatch.scoring.clock..",
        "io.churnwatch.scoring.learning.."
    };

    private static final DescribedPredicate<JavaClass> DATABASE_CLIENTS = resideInAnyPackage(
                    "io.vertx.sqlclient..",
                    "io.vertx.mutiny.sqlclient..",
                    "io.vertx.pgclient..",
                    "io.vertx.mutiny.pgclient..",
                    "javax.sql..",
                    "org.hibernate.reactive..")
            .or(assignableTo(Connection.class))
            .or(assignableTo(Statement.class))
            .or(assignableTo(ResultSet.class))
            .as("are database clients (SQL client, JDBC, Hibernate session)");

    private static final Set<String> QUERY_METHODS = Set.of("find", "list", "stream", "count", "delete", "update");
    private static final DescribedPredicate<JavaMethodCall> PANACHE_QUERY_STRING = describe(
            "the call passes a Panache query string",
            call -> QUERY_METHODS.contains(call.getName())
                    && !call.getTarget().getRawParameterTypes().isEmpty()
                    && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(String.class)
                    && (call.getTargetOwner().isAssignableTo(PanacheRepositoryBase.class)
                            || call.getTargetOwner().isAssignableTo(PanacheEntityBase.class)));

    private static JavaClasses service;

    @BeforeAll
    static void importMainClasses() {
        service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.churnwatch.scoring");
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("API")
                .definedBy("io.churnwatch.scoring.api..")
                .layer("Messaging")
                .definedBy("io.churnwatch.scoring.messaging..")
                .layer("Features")
                .definedBy(FEATURES)
                .layer("Persistence")
                .definedBy("io.churnwatch.scoring.persistence..")
                .layer("Model")
                .definedBy("io.churnwatch.scoring.model..")
                .layer("Config")
                .definedBy("io.churnwatch.scoring.config..")
                .whereLayer("API")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Messaging")
                .mayOnlyBeAccessedByLayers("API")
                .whereLayer("Features")
                .mayOnlyBeAccessedByLayers("API", "Messaging")
                .whereLayer("Persistence")
                .mayOnlyBeAccessedByLayers("API", "Messaging", "Features")
                .whereLayer("Model")
                .mayNotAccessAnyLayer()
                .whereLayer("Config")
                .mayNotAccessAnyLayer()
                .check(service);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.churnwatch.scoring.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(service);
    }

    @Test
    void theModelIsPlainJavaOnTheEventContract() {
        classes()
                .that()
                .resideInAPackage("io.churnwatch.scoring.model..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.churnwatch.scoring.model..",
                        "java..",
                        "io.churnwatch.events..",
                        "org.apache.commons.math3..")
                .because(
                        "the scoring core runs without Quarkus, Kafka, Hibernate or Vert.x, in unit tests and benchmarks")
                .check(service);
    }

    @Test
    void onlyMessagingSeesKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.scoring.messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.smallrye.reactive.messaging..")
                .because("features take ConsumedRecords, not ConsumerRecords; Kafka is the adapters' job")
                .check(service);
    }

    @Test
    void onlyTheApiUsesJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.scoring.api..")
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
                .resideOutsideOfPackage("io.churnwatch.scoring.persistence..")
                .should()
                .dependOnClassesThat(DATABASE_CLIENTS)
                .because("every statement lives in a persistence repository or store; features call those")
                .check(service);
    }

    @Test
    void onlyPersistenceWritesQueries() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.churnwatch.scoring.persistence..")
                .should()
                .callMethodWhere(PANACHE_QUERY_STRING)
                .because("a query string is SQL too: it belongs to a repository method with a name")
                .check(service);
    }
}
