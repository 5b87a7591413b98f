package io.churnwatch.scoring.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.model.CustomerState;
import java.io.UncheckedIOException;

/** The pure core's {@link CustomerState} bean as one JSON document, through its getters and setters. */
final class CustomerStateJson {

    private CustomerStateJson() {}

    static String write(CustomerState state) {
        try {
            return ContractJson.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CustomerState read(String json) {
        try {
            return ContractJson.mapper().readValue(json, CustomerState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
