package io.churnwatch.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serialisers and deserialisers for the contract's message types. */
public final class ContractSerde {

    private ContractSerde() {}

    public static byte[] toJson(Object message) {
        try {
            return ContractJson.mapper().writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new SerializationException("Not a valid " + type.getSimpleName() + ": " + originalMessage(e), e);
        }
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    /** Serialises any contract type as JSON. */
    public static class JsonSerializer<T> implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            return data == null ? null : toJson(data);
        }
    }

    abstract static class JsonDeserializer<T> implements Deserializer<T> {
        private final Class<T> type;

        JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : fromJson(data, type);
        }
    }

    public static class InteractionEventDeserializer extends JsonDeserializer<InteractionEvent> {
        public InteractionEventDeserializer() {
            super(InteractionEvent.class);
        }
    }

    public static class RiskChangeDeserializer extends JsonDeserializer<RiskChange> {
        public RiskChangeDeserializer() {
            super(RiskChange.class);
        }
    }

    public static class AlertEventDeserializer extends JsonDeserializer<AlertEvent> {
        public AlertEventDeserializer() {
            super(AlertEvent.class);
        }
    }
}
