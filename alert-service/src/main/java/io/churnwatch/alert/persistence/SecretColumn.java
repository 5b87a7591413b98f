package io.churnwatch.alert.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a channel's secret columns encrypted by {@link ChannelSecrets}. */
@Converter
@ApplicationScoped
public class SecretColumn implements AttributeConverter<String, String> {

    private final ChannelSecrets secrets;

    public SecretColumn(ChannelSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public String convertToDatabaseColumn(String value) {
        return secrets.encrypt(value);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return secrets.decrypt(stored);
    }
}
