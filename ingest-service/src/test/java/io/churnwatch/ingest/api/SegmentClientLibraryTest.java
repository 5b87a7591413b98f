package io.churnwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.Log;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Segment's own Java library (analytics-java), unmodified, pointed at ChurnWatch. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SegmentClientLibraryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BURST = 12;

    @TestHTTPResource("/")
    URL root;

    @Test
    void theSegmentJavaLibraryDeliversTrackIdentifyGroupAndABatchedBurst() {
        TestTenants.Tenant tenant =
                TestTenants.create(Map.of("Newsletter Unsubscribed", "unsubscribe"), false, List.of());
        AtomicInteger succeeded = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        Analytics analytics = Analytics.builder(tenant.apiKey())
                .endpoint("http://localhost:" + root.getPort())
                .flushQueueSize(5)
                .flushInterval(1, TimeUnit.HOURS)
                .log(batchSizeLog(batchSizes))
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        succeeded.incrementAndGet();
                    }

                    @Override
                    public void failure(Message message, Throwable error) {
                        failures.add(message.messageId() + ": " + error);
                    }
                })
                .build();
        try {
            analytics.enqueue(IdentifyMessage.builder()
                    .userId("u-1")
                    .traits(Map.of("plan", "pro", "mrr", 49, "email", "ana@example.com")));
            analytics.enqueue(GroupMessage.builder("acct-1")
                    .userId("u-1")
                    .traits(Map.of("plan", "enterprise", "segment", "mid-market")));
            analytics.enqueue(TrackMessage.builder("Newsletter Unsubscribed")
                    .userId("u-1")
                    .properties(Map.of("list", "product-news")));
            for (int i = 0; i < BURST; i++) {
                analytics.enqueue(
                        TrackMessage.builder("Report Exported").userId("u-2").properties(Map.of("n", i)));
            }
            analytics.flush();
            await().atMost(WAIT).until(() -> succeeded.get() + failures.size() == BURST + 3);
        } finally {
            analytics.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(batchSizes)
                .as("the library sent batches of several messages")
                .anyMatch(size -> size > 1);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(BURST + 3);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), BURST + 3, WAIT);
        assertThat(records).hasSize(BURST + 3);
        List<InteractionEvent> events = records.stream()
                .map(r -> ContractSerde.fromJson(r.value(), InteractionEvent.class))
                .toList();
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(tenant.id() + ":u-1", tenant.id() + ":u-2");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("segment");
            assertThat(event.clientMessageId()).isTrue();
        });
        assertThat(events)
                .extracting(InteractionEvent::type)
                .filteredOn(type -> type.equals("Report Exported"))
                .hasSize(BURST);
        InteractionEvent identify = only(events, "identify");
        assertThat(identify.customerId()).isEqualTo("u-1");
        assertThat(identify.traits().plan()).isEqualTo("pro");
        assertThat(identify.traits().mrr()).isEqualByComparingTo("49");
        InteractionEvent group = only(events, "group");
        assertThat(group.traits().plan()).isEqualTo("enterprise");
        assertThat(group.traits().segment()).isEqualTo("mid-market");
        assertThat(group.properties().get("groupId").asText()).isEqualTo("acct-1");
        assertThat(only(events, "unsubscribe").properties().get("list").asText())
                .isEqualTo("product-news");
    }

    private static InteractionEvent only(List<InteractionEvent> events, String type) {
        List<InteractionEvent> found =
                events.stream().filter(event -> event.type().equals(type)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Records the size of each batch the library makes, from its own "Batching %s message(s)" log line. */
    private static Log batchSizeLog(List<Integer> batchSizes) {
        return new Log() {
            @Override
            public void print(Level level, String format, Object... args) {
                if (format.startsWith("Batching") && args.length > 0) {
                    batchSizes.add(Integer.parseInt(String.valueOf(args[0])));
                }
            }

            @Override
            public void print(Level level, Throwable error, String format, Object... args) {
                print(level, format, args);
            }
        };
    }
}
