package io.churnwatch.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.churnwatch.events.ContractJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives Quarkus's ObjectMapper the contract's JSON settings. */
@Singleton
public class ContractJacksonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        ContractJson.configure(mapper);
    }
}
